"""A signed-in browser named as a person recognizes it: "Chrome on Android" (market.rules.user_agents' codes)."""

from __future__ import annotations

from collections.abc import Callable

from market.presentation.labels import N_

# Brand names stay as they are; only "other" is translated.
_BROWSERS = {"chrome": "Chrome", "firefox": "Firefox", "safari": "Safari", "edge": "Edge", "opera": "Opera",
             "samsung": "Samsung Internet"}
_SYSTEMS = {"android": "Android", "ios": "iPhone", "windows": "Windows", "macos": "Mac", "linux": "Linux",
            "chromeos": "ChromeOS"}
OTHER_BROWSER = N_("a browser")
OTHER_SYSTEM = N_("a computer")


def device_name(gettext: Callable[[str], str], browser: str, system: str) -> str:
    """ "Chrome on Android", "Firefox on Windows", "a browser on a computer" in the reader's language."""
    return gettext("{browser} on {system}").format(
        browser=_BROWSERS.get(browser) or gettext(OTHER_BROWSER), system=_SYSTEMS.get(system) or gettext(OTHER_SYSTEM))
