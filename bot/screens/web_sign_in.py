"""Signing a browser in to the desk from the chat, and the browsers signed in (from /misdatos)."""

from __future__ import annotations

from bot.actions import Action
from bot.turn import Screen, Voice
from market.presentation.devices import device_name
from market.services.people.web_sessions import BrowserSession, LoginRequest


def ask(voice: Voice, request: LoginRequest) -> Screen:
    """ "Sign in to Feria from the browser? (Chrome on Android)" with Yes and No."""
    _ = voice._
    text = "\n\n".join((
        _("💻 Sign in to Feria from the browser? ({device})").format(
            device=device_name(_, request.browser, request.system)),
        _("Say Yes only if you asked for it yourself, on a browser in front of you. That browser will act as you "
          "at Feria's desk for 30 days, or until you sign it out from /misdatos."),
    ))
    return Screen(text, [[voice.button(_("Yes, sign in"), Action.DESK_SIGN_IN_YES, request.code),
                          voice.button(_("No"), Action.DESK_SIGN_IN_NO, request.code)]])


def signed_in(voice: Voice, request: LoginRequest) -> Screen:
    return Screen(voice._("✅ Signed in. Go back to the browser: it opens the desk by itself."))


def refused(voice: Voice) -> Screen:
    return Screen(voice._("Nobody was signed in. If you did not ask for it, someone saw a code meant for "
                          "them: nothing of yours was opened."))


def how_to(voice: Voice, desk_url: str) -> Screen:
    """/entrar with no code: where the code comes from."""
    return Screen(voice._("To use Feria's desk on a computer, open {url} in its browser and press "
                          "“Sign in with Telegram”. It gives you a link, or a code to write here: /entrar CODE.")
                  .format(url=desk_url))


def browsers(voice: Voice, sessions: list[BrowserSession]) -> Screen:
    """The browsers signed in as the person, each with its button to sign it out."""
    _ = voice._
    if not sessions:
        return Screen(_("💻 No browser is signed in as you."),
                      [[voice.button(_("« My data"), Action.MY_DATA)]])
    lines = [_("💻 Browsers signed in as you:")]
    rows = []
    for session in sessions:
        name = device_name(_, session.browser, session.system)
        lines.append(_("• {device}, last used {day}").format(device=name, day=voice.date(session.last_seen_at.date())))
        rows.append([voice.button(_("Sign out {device}").format(device=name), Action.DESK_SIGN_OUT, session.id)])
    if len(sessions) > 1:
        rows.append([voice.button(_("Sign out all"), Action.DESK_SIGN_OUT_ALL)])
    rows.append([voice.button(_("« My data"), Action.MY_DATA)])
    return Screen("\n".join(lines), rows)
