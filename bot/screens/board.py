"""An organization's page in the bot, and its board as its admins manage it: naming an admin, handing over an
office or one's seat, stepping down, a new term, the term's length; and the board's notices."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.maturity import maturity_lines
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import BoardChange, BoardRole, LegalForm, TermState
from market.presentation.labels import BOARD_ROLES, LEGAL_FORMS, N_
from market.services.catalog.organization_page import OrganizationProfile
from market.services.organizations.board_notices import SeatNotice, TermReminder
from market.services.organizations.board_views import Board, BoardPage, Candidate, CandidateChoice, CandidatePage

TERM_CHOICES = (6, 12, 24, 36, 48)
DESCRIPTION_LIMIT = 400
OFFICE_OF = {BoardChange.PRESIDENCY: BoardRole.PRESIDENT, BoardChange.TREASURY: BoardRole.TREASURER}
# What each change asks, once a member is chosen: {name}, {organization}.
CONFIRM = {
    BoardChange.NAME_ADMIN: N_("Name {name} admin of {organization}? They will manage it with you."),
    BoardChange.PRESIDENCY: N_("Hand the presidency of {organization} to {name}? You stay on the board."),
    BoardChange.TREASURY: N_("Hand the treasury of {organization} to {name}? You stay on the board."),
    BoardChange.SEAT: N_("Hand your seat on the board of {organization} to {name}? They take it as it is, and you "
                         "leave the board (you stay a producer member)."),
}


def organization_page(voice: Voice, profile: OrganizationProfile, viewer_person_id: int) -> Screen:
    """Who they are, who runs them and since when, and a way to their products; its admins reach the board."""
    _ = voice._
    form = LegalForm(profile.legal_form)
    lines = [f"🏢 {profile.name}", f"{_(LEGAL_FORMS[form])} · {profile.territory_name}"]
    if profile.description:
        lines += ["", _cut(profile.description)]
    lines += [_("Pick up at: {place}").format(place=place) for place in profile.pickup_points]
    lines += ["", *board_lines(voice, profile.board), "", *maturity_lines(voice, profile.maturity_view)]
    rows = [[voice.button(_("🛒 Products ({count})").format(count=profile.product_count),
                          Action.ORGANIZATION_PRODUCTS, profile.slug, "-")]]
    if profile.board.seat_of(viewer_person_id) is not None:
        rows.append([voice.button(_("👥 Board"), Action.BOARD, profile.id),
                     voice.button(_("🌱 Maturity"), Action.MATURITY, profile.id, 0)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows, photo=profile.logo_file_id)


def board_lines(voice: Voice, board: Board) -> list[str]:
    """The seats, one a line, then when the board was renewed and where its term is."""
    _ = voice._
    lines = [_("👥 Board:")]
    lines += [_("• {name} — {role}, since {day}").format(
        name=person_name(voice, seat.name), role=_(BOARD_ROLES[seat.role]), day=voice.date(seat.since))
        for seat in board.seats]
    if board.renewed_on is None or board.ends_on is None:
        return [*lines, _("Nobody sits on it yet.")]
    lines.append(voice.ngettext(
        "Renewed on {day}; a term lasts {count} month: this one ends on {end}.",
        "Renewed on {day}; a term lasts {count} months: this one ends on {end}.", board.term_months).format(
        day=voice.date(board.renewed_on), count=board.term_months, end=voice.date(board.ends_on)))
    if board.state == TermState.ENDED:
        lines.append(_("⚠ Its term ended on {day} and the board has not been renewed since.").format(
            day=voice.date(board.ends_on)))
    return lines


def board_page(voice: Voice, page: BoardPage) -> Screen:
    """The admins' board: the seats and the term, and what an admin may change (an office: its holder, or any
    admin while nobody holds it)."""
    _, board = voice._, page.board
    lines = [_("👥 Board of {organization}").format(organization=board.organization_name), "",
             *board_lines(voice, board)[1:]]
    if board.state == TermState.ENDING and board.ends_on is not None:
        lines.append(_("🗓 Its term ends soon: if the assembly renewed the board, record it here."))
    org = board.organization_id
    rows = [[voice.button(_("➕ Name an admin"), Action.BOARD_CANDIDATES, org,
                                              BoardChange.NAME_ADMIN.value, 0)]]
    offices = [_office_button(voice, page, change) for change in (BoardChange.PRESIDENCY, BoardChange.TREASURY)]
    rows.append([button for button in offices if button is not None])
    rows.append([voice.button(_("🔁 Hand over my seat"), Action.BOARD_CANDIDATES, org, BoardChange.SEAT.value, 0),
                 voice.button(_("🚪 Step down"), Action.BOARD_STEP_DOWN, org)])
    rows.append([voice.button(_("✅ Re-elected as it is"), Action.BOARD_RENEW, org),
                 voice.button(voice.ngettext("🗓 Term: {count} month", "🗓 Term: {count} months",
                                             board.term_months).format(count=board.term_months),
                              Action.BOARD_TERM, org)])
    rows.append([_back(voice, board)])
    return Screen("\n".join(lines), [row for row in rows if row])


def candidates(voice: Voice, page: CandidatePage) -> Screen:
    """Whom the change may seat, by name, a button each; a page at a time."""
    _, board = voice._, page.board
    asks = {
        BoardChange.NAME_ADMIN: _("➕ Whom do you name admin of {organization}?"),
        BoardChange.PRESIDENCY: _("🤝 Who takes the presidency of {organization}?"),
        BoardChange.TREASURY: _("🤝 Who takes the treasury of {organization}?"),
        BoardChange.SEAT: _("🔁 Who takes your seat on the board of {organization}?"),
    }
    lines = [asks[page.change].format(organization=board.organization_name)]
    if not page.items:
        lines += ["", _("Nobody can be chosen yet: only the organization's approved producers, who join by the link "
                        "on its producers' page.")]
    rows = [[voice.button(_candidate_label(voice, c), Action.BOARD_CANDIDATE, board.organization_id,
                          page.change.value, c.person_id)] for c in page.items]
    if page.next_offset is not None:
        rows.append([voice.button(_("More »"), Action.BOARD_CANDIDATES, board.organization_id, page.change.value,
                                  page.next_offset)])
    rows.append([voice.button(_("« Back"), Action.BOARD, board.organization_id)])
    return Screen("\n".join(lines), rows)


def confirm_change(voice: Voice, choice: CandidateChoice) -> Screen:
    _, board, who = voice._, choice.board, choice.candidate
    text = _(CONFIRM[choice.change]).format(name=person_name(voice, who.name), organization=board.organization_name)
    org, change = board.organization_id, choice.change.value
    return Screen(text, [[voice.button(_("✅ Yes"), Action.BOARD_CHANGE, org, change, who.person_id),
                          voice.button(_("« Back"), Action.BOARD_CANDIDATES, org, change, 0)]])


def confirm_step_down(voice: Voice, page: BoardPage) -> Screen:
    _, board = voice._, page.board
    lines = [_("Step down from the board of {organization}? You stay a producer member.").format(
        organization=board.organization_name)]
    if page.viewer.role != BoardRole.ADMIN:
        lines.append(_("The {office} stays empty until an admin gives it to someone.").format(
            office=_(BOARD_ROLES[page.viewer.role]).lower()))
    return Screen("\n".join(lines), [[voice.button(_("🚪 Yes, step down"), Action.BOARD_STEP_DOWN_CONFIRMED,
                                                   board.organization_id),
                                      voice.button(_("« Back"), Action.BOARD, board.organization_id)]])


def stepped_down(voice: Voice, board: Board) -> Screen:
    return Screen(voice._("🚪 You stepped down from the board of {organization}. You are still one of its "
                          "producers.").format(organization=board.organization_name), [back_to_menu(voice)])


def seat_handed(voice: Voice, board: Board) -> Screen:
    """After handing one's seat over: the board as it is now, without them."""
    lines = [voice._("🔁 You handed your seat over and left the board of {organization}.").format(
        organization=board.organization_name), "", *board_lines(voice, board)]
    return Screen("\n".join(lines), [back_to_menu(voice)])


def confirm_renewal(voice: Voice, page: BoardPage) -> Screen:
    _, board = voice._, page.board
    text = voice.ngettext(
        "Did the assembly re-elect the board of {organization} as it is? A new term of {count} month starts today.",
        "Did the assembly re-elect the board of {organization} as it is? A new term of {count} months starts today.",
        board.term_months).format(organization=board.organization_name, count=board.term_months)
    return Screen(text, [[voice.button(_("✅ Yes, re-elected"), Action.BOARD_RENEW_CONFIRMED, board.organization_id),
                          voice.button(_("« Back"), Action.BOARD, board.organization_id)]])


def term_choices(voice: Voice, page: BoardPage) -> Screen:
    _, board = voice._, page.board
    text = voice.ngettext(
        "🗓 How long does a term of the board of {organization} last? Now: {count} month.",
        "🗓 How long does a term of the board of {organization} last? Now: {count} months.",
        board.term_months).format(organization=board.organization_name, count=board.term_months)
    buttons = [voice.button(("✓ " if months == board.term_months else "") + voice.ngettext(
        "{count} month", "{count} months", months).format(count=months), Action.BOARD_TERM_SET,
        board.organization_id, months) for months in TERM_CHOICES]
    rows = [buttons[:3], buttons[3:], [voice.button(_("« Back"), Action.BOARD, board.organization_id)]]
    return Screen(text, rows)


def seat_notice(voice: Voice, notice: SeatNotice) -> Screen:
    """To a member another admin seated on the board."""
    _ = voice._
    text = _("👥 {by} gave you a seat on the board of {organization}: {role}.").format(
        by=person_name(voice, notice.by_name), organization=notice.organization_name,
        role=_(BOARD_ROLES[notice.role]))
    return Screen(text, [[voice.button(_("👥 Board"), Action.BOARD, notice.organization_id)]])


def term_notice(voice: Voice, reminder: TermReminder) -> Screen:
    """To each admin, a month before the board's term ends."""
    _ = voice._
    text = _("🗓 The term of the board of {organization} ends on {day}. When the assembly renews it, record it here: "
             "hand over what changes, or say it was re-elected as it is.").format(
        organization=reminder.organization_name, day=voice.date(reminder.ends_on))
    return Screen(text, [[voice.button(_("👥 Board"), Action.BOARD, reminder.organization_id)]])


def _office_button(voice: Voice, page: BoardPage, change: BoardChange) -> InlineKeyboardButton | None:
    """Its holder hands an office over; while nobody holds it, any admin gives it; else no button."""
    _ = voice._
    holder = page.board.holder(OFFICE_OF[change])
    if holder is not None and holder.person_id != page.viewer.person_id:
        return None
    labels = {
        (BoardChange.PRESIDENCY, True): _("🤝 Hand over the presidency"),
        (BoardChange.PRESIDENCY, False): _("🤝 Give the presidency"),
        (BoardChange.TREASURY, True): _("🤝 Hand over the treasury"),
        (BoardChange.TREASURY, False): _("🤝 Give the treasury"),
    }
    return voice.button(labels[change, holder is not None], Action.BOARD_CANDIDATES, page.board.organization_id,
                        change.value, 0)


def _candidate_label(voice: Voice, candidate: Candidate) -> str:
    name = person_name(voice, candidate.name)
    return name if candidate.role is None else f"{name} ({voice._(BOARD_ROLES[candidate.role])})"


def _back(voice: Voice, board: Board) -> InlineKeyboardButton:
    """Back to the organization's page, or to the person's organizations while it is not public."""
    if board.public:
        return voice.button(voice._("« {organization}").format(organization=board.organization_name),
                            Action.ORGANIZATION, board.organization_id)
    return voice.button(voice._("« My organizations"), Action.ORGANIZATIONS)


def _cut(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1].rstrip() + "…"
