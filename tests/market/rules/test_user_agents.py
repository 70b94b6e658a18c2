"""market.rules.user_agents: the browser and system a sign-in request names, as its docstring's table says."""

from __future__ import annotations

import pytest

from market.rules.user_agents import browser_and_system

CASES = [
    ("Mozilla/5.0 (Linux; Android 13; SM-A145M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile "
     "Safari/537.36", "chrome", "android"),
    ("Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 "
     "Mobile Safari/537.36", "samsung", "android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.1 Mobile/15E148 Safari/604.1", "safari", "ios"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", "chrome", "ios"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
     "Safari/537.36 Edg/120.0.0.0", "edge", "windows"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "firefox", "linux"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
     "Safari/537.36 OPR/105.0.0.0", "opera", "macos"),
    ("Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 "
     "Safari/537.36", "chrome", "chromeos"),
    ("curl/8.5.0", "other", "other"),
    ("", "other", "other"),
    (None, "other", "other"),
]


@pytest.mark.parametrize(("user_agent", "browser", "system"), CASES)
def test_a_user_agent_names_the_browser_and_system_a_person_recognizes(user_agent, browser, system):
    assert browser_and_system(user_agent) == (browser, system)
