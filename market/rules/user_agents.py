"""What a browser calls itself (its User-Agent), reduced to a browser and a system a person recognizes.

The bot asks "Sign in to Feria from the browser? (Chrome on Android)" with these, and /misdatos lists the
browsers signed in by them. Codes, not words: the adapters name them in the person's language. Order
matters: Edge, Opera and Samsung Internet say "Chrome" too, Chrome says "Safari", Android says "Linux".

| User-Agent (shortened)                                           | browser  | system  |
|------------------------------------------------------------------|----------|---------|
| Mozilla/5.0 (Linux; Android 13; SM-A145M) … Chrome/120 Mobile …  | chrome   | android |
| … (Linux; Android 12) … SamsungBrowser/23.0 Chrome/115 …         | samsung  | android |
| Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) … Safari/ | safari   | ios     |
| … (iPhone …) … CriOS/120 … Safari/604.1                          | chrome   | ios     |
| Mozilla/5.0 (Windows NT 10.0; Win64; x64) … Edg/120              | edge     | windows |
| Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox | firefox  | linux   |
| Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) … OPR/105        | opera    | macos   |
| Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) … Chrome/119           | chrome   | chromeos|
| curl/8.5.0                                                       | other    | other   |
| (nothing)                                                        | other    | other   |
"""

from __future__ import annotations

BROWSERS = ("edge", "opera", "samsung", "firefox", "chrome", "safari", "other")
SYSTEMS = ("android", "ios", "windows", "macos", "chromeos", "linux", "other")

_BROWSER_MARKS = (
    ("edge", ("Edg/", "EdgA/", "EdgiOS/")),
    ("opera", ("OPR/", "Opera")),
    ("samsung", ("SamsungBrowser/",)),
    ("firefox", ("Firefox/", "FxiOS/")),
    ("chrome", ("Chrome/", "CriOS/", "Chromium/")),
    ("safari", ("Safari/",)),
)
_SYSTEM_MARKS = (
    ("android", ("Android",)),
    ("ios", ("iPhone", "iPad", "iPod")),
    ("windows", ("Windows",)),
    ("chromeos", ("CrOS",)),
    ("macos", ("Macintosh", "Mac OS X")),
    ("linux", ("Linux", "X11")),
)


def browser_and_system(user_agent: str | None) -> tuple[str, str]:
    """The (browser, system) codes of a User-Agent header; "other" for what it does not recognize."""
    text = (user_agent or "")[:512]
    return _first(_BROWSER_MARKS, text), _first(_SYSTEM_MARKS, text)


def _first(marks: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> str:
    return next((code for code, words in marks if any(word in text for word in words)), "other")
