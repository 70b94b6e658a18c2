// Lighthouse's accessibility audit of a list of pages, in one Chromium (tests/browser/lighthouse.py drives it).
//
//   node audit.mjs < request.json > answer.json
//   request: {"chrome": "/usr/bin/chromium", "flags": ["--headless", ...], "pages": [{"url": ..., "headers": {...}}]}
//   answer:  [{"url": ..., "score": 0..1, "failing": [{"id", "title", "nodes": [selector or snippet, ...]}]}]
//
// Offline: no network but the app's own, no throttling (the audit is about the page, not the network).
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const chrome = await chromeLauncher.launch({
  chromePath: request.chrome,
  chromeFlags: request.flags,
  logLevel: 'silent',
});
const answer = [];
try {
  for (const page of request.pages) {
    const flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['accessibility'],
      extraHeaders: page.headers || {},
      throttlingMethod: 'provided',
      // The session's cookie comes in the headers; nothing of the browser's own storage to clear or keep.
      disableStorageReset: true,
    };
    const result = await lighthouse(page.url, flags);
    const lhr = result.lhr;
    if (lhr.runtimeError) {
      answer.push({url: page.url, score: null, error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`,
                   failing: []});
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
    answer.push({url: page.url, finalUrl: lhr.finalDisplayedUrl, score: category.score, failing});
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(answer));
