// Lighthouse's accessibility audit of a list of pages, in one Chromium (tests/browser/accessibility.py drives it).
//
//   node audit.mjs < request.json > answer.json
//   request: {"chrome": "/usr/bin/chromium", "flags": ["--headless", ...], "pages": [{"url": ..., "headers": {...}}]}
//   answer:  [{"url", "finalUrl", "score": 0..1, "seconds", "failing": [{"id", "title", "nodes": [snippet, ...]}]}]
//
// Offline: no network but the app's own. Simulated throttling slows nothing down (it only models performance, which
// is not asked for); with 'provided' or 'devtools' Lighthouse would wait 5 s of quiet network and CPU on every page.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

// Accessibility reads the page as loaded: no waiting for a quiet network or CPU, no screenshots, no blank page first.
const CONFIG = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['accessibility'],
    formFactor: 'mobile',
    throttlingMethod: 'simulate', // simulated: nothing slowed down, and the quiet windows below are kept
    screenEmulation: {mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false},
    skipAboutBlank: true,
    disableFullPageScreenshot: true,
    pauseAfterFcpMs: 1,
    pauseAfterLoadMs: 1,
    networkQuietThresholdMs: 1,
    cpuQuietThresholdMs: 1,
    maxWaitForFcp: 15000,
    maxWaitForLoad: 15000,
  },
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const chrome = await chromeLauncher.launch({
  chromePath: request.chrome,
  chromeFlags: request.flags,
  logLevel: 'silent',
});
// Told to stop (tests/browser/accessibility.py, when the audit takes too long): Chromium, launched in a process
// group of its own, goes first.
process.on('SIGTERM', async () => {
  await chrome.kill();
  process.exit(143);
});
const answer = [];
try {
  for (const page of request.pages) {
    const flags = {
      port: chrome.port,
      output: 'json',
      logLevel: process.env.LH_LOG || 'error',
      onlyCategories: ['accessibility'],
      extraHeaders: page.headers || {},
      // The session's cookie comes in the headers; nothing of the browser's own storage to clear or keep.
      disableStorageReset: true,
    };
    const started = Date.now();
    const result = await lighthouse(page.url, flags, CONFIG);
    const seconds = (Date.now() - started) / 1000;
    const lhr = result.lhr;
    if (lhr.runtimeError) {
      answer.push({url: page.url, score: null, error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`,
                   failing: [], seconds});
      continue;
    }
    const category = lhr.categories.accessibility;
    const failing = category.auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({
        id: audit.id,
        title: audit.title,
        nodes: ((audit.details && audit.details.items) || [])
          .map((item) => (item.node && (item.node.snippet || item.node.selector)) || JSON.stringify(item))
          .slice(0, 5),
      }));
    answer.push({url: page.url, finalUrl: lhr.finalDisplayedUrl, score: category.score, failing, seconds});
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(answer));
