"""The member register: a member's own entry and its steps, and the register as an organization's admins read it.

Gender is shown to the member themself only; the admins' screens and the export never show it per person.
"""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice
from market.enums import Gender
from market.presentation.labels import N_
from market.rules.register import EntryState, ProductionLine
from market.services.organizations.producers import MembershipView
from market.services.organizations.register import COMMUNITY_PAGE, CommunityPage, Entry
from market.services.organizations.register_by_admin import WrittenNotice
from market.services.organizations.register_notices import RegisterReminder
from market.services.organizations.register_views import RegisterPage, RegisterTotals

COMMUNITY, PRODUCTION, FAMILY, GENDER = "c", "p", "f", "g"
STEPS = (COMMUNITY, PRODUCTION, FAMILY, GENDER)  # the order the steps come in; skipping goes to the next
GENDERS = {Gender.WOMAN: N_("Woman"), Gender.MAN: N_("Man"), Gender.ANOTHER: N_("Another"),
           Gender.UNDISCLOSED: N_("Prefer not to say")}
ALL, STALE = "a", "s"


def next_step(step: str) -> str | None:
    index = STEPS.index(step) + 1
    return STEPS[index] if index < len(STEPS) else None


def choose_organization(voice: Voice, memberships: tuple[MembershipView, ...]) -> Screen:
    """/miregistro for a member of several organizations, or of none."""
    _ = voice._
    if not memberships:
        return Screen(_("📋 You are not a member of any organization yet: the register is for its producers."),
                      [back_to_menu(voice)])
    return Screen(_("📋 Which organization's register?"),
                  [*([voice.button(m.organization_name, Action.REGISTER_ENTRY, m.organization_id)]
                     for m in memberships), back_to_menu(voice)])


def entry_page(voice: Voice, entry: Entry, done: str | None = None) -> Screen:
    """The member's own entry, what each part is for, and who sees it."""
    _ = voice._
    lines = [done, ""] if done else []
    lines += [_("📋 My entry in the register of {organization}").format(organization=entry.organization_name), ""]
    lines += entry_lines(voice, entry)
    if entry.gender is not None:
        lines.append(_("🙋 Gender: {gender} (only counted in totals)").format(gender=_(GENDERS[entry.gender])))
    lines += ["", _("🔒 Only the admins of {organization} see what you write here. Your gender is never shown "
                    "with your name.").format(organization=entry.organization_name)]
    org = entry.organization_id
    rows = []
    if entry.updated_at is None:
        rows.append([voice.button(_("✍️ Fill it in"), Action.REGISTER_STEP, org, COMMUNITY)])
    else:
        rows.append([voice.button(_("✅ Still right"), Action.REGISTER_CONFIRM, org)])
    rows += [[voice.button(_("🏘 Community"), Action.REGISTER_STEP, org, COMMUNITY),
              voice.button(_("🌱 Production"), Action.REGISTER_STEP, org, PRODUCTION)],
             [voice.button(_("👪 Family"), Action.REGISTER_STEP, org, FAMILY),
              voice.button(_("🙋 Gender"), Action.REGISTER_STEP, org, GENDER)],
             [voice.button(_("🚪 Leave {organization}").format(organization=entry.organization_name),
                           Action.REGISTER_LEAVE, org)],
             [voice.button(_("« My organizations"), Action.ORGANIZATIONS)]]
    return Screen("\n".join(lines), rows)


def entry_lines(voice: Voice, entry: Entry) -> list[str]:
    """Community, production, family and when it was updated: what the member and the admins both read."""
    _ = voice._
    lines = [_("🏘 Community: {community}").format(community=entry.community or "—")]
    if entry.production:
        lines.append(_("🌱 Production:"))
        lines += [f"• {production_line(voice, line)}" for line in entry.production]
    else:
        lines.append(_("🌱 Production: —"))
    if entry.seasons:
        lines.append(_("📦 Brought to the organization's stock:"))
        lines += ["• " + _("{product}: {quantity}, {months}").format(
            product=s.product, quantity=voice.quantity(s.quantity, s.unit), months=voice.months(s.first, s.last))
            for s in entry.seasons]
    family = "—" if entry.family_size is None else voice.ngettext("{count} person", "{count} people",
                                                                  entry.family_size).format(count=entry.family_size)
    lines.append(_("👪 Family: {family}").format(family=family))
    if entry.updated_on is None:
        lines.append(_("Not written yet."))
    else:
        updated = _("Updated on {date}.").format(date=voice.date(entry.updated_on))
        lines.append(updated + (" " + _("⚠️ More than 12 months ago.") if entry.state == EntryState.STALE else ""))
        if entry.written_by is not None:
            lines.append(_("✏️ Written by {admin} on {date}.").format(admin=entry.written_by or _("an admin"),
                                                                      date=voice.date(entry.updated_on)))
    return lines


def production_line(voice: Voice, line: ProductionLine) -> str:
    text = voice._("{product}: about {quantity}").format(product=line.product,
                                                         quantity=voice.quantity(line.quantity, line.unit))
    return f"{text}, {line.season}" if line.season else text


def step_buttons(voice: Voice, organization_id: int, step: str) -> list[list[InlineKeyboardButton]]:
    after = next_step(step)
    skip = (voice.button(voice._("Skip »"), Action.REGISTER_STEP, organization_id, after) if after else
            voice.button(voice._("Skip »"), Action.REGISTER_ENTRY, organization_id))
    return [[skip, voice.button(voice._("« My entry"), Action.REGISTER_ENTRY, organization_id)]]


def community_step(voice: Voice, page: CommunityPage) -> Screen:
    """Choose a community below the organization's place, or type it. Another chooser (a territory tree) may
    replace this one screen."""
    org = page.organization_id
    if page.items:
        text = voice._("🏘 Which community do you live in? Choose it, or write its name.")
    else:
        text = voice._("🏘 Which community do you live in? Write its name.")
    rows: list[list[InlineKeyboardButton]] = []
    items = list(page.items)
    for i in range(0, len(items), 2):
        rows.append([voice.button(c.name, Action.REGISTER_COMMUNITY, org, c.territory_id) for c in items[i:i + 2]])
    paging = []
    if page.offset > 0:
        paging.append(voice.button("‹", Action.REGISTER_COMMUNITIES, org, max(0, page.offset - COMMUNITY_PAGE)))
    if page.next_offset is not None:
        paging.append(voice.button("›", Action.REGISTER_COMMUNITIES, org, page.next_offset))
    if paging:
        rows.append(paging)
    return Screen(text, rows + step_buttons(voice, org, COMMUNITY))


def production_step(voice: Voice, organization_id: int) -> Screen:
    return Screen(voice._("🌱 What do you produce? Write one product a line: the product, about how much with its "
                          "unit, and after a comma when. Like:\npapa 20 qq, mayo a julio\ncafé 5 quintales, "
                          "cosecha\nmiel 30 kg"), step_buttons(voice, organization_id, PRODUCTION))


def family_step(voice: Voice, organization_id: int) -> Screen:
    return Screen(voice._("👪 How many people are in your family, counting you? Write a number, like 5."),
                  step_buttons(voice, organization_id, FAMILY))


def gender_step(voice: Voice, organization_id: int) -> Screen:
    _ = voice._
    buttons = [voice.button(_(label), Action.REGISTER_GENDER, organization_id, gender.value)
               for gender, label in GENDERS.items()]
    return Screen(_("🙋 Your gender, if you want to say it. It is only counted in totals (the share of women "
                    "among the producers and on the board), never shown with your name."),
                  [buttons[:2], buttons[2:], *step_buttons(voice, organization_id, GENDER)])


def confirm_leave(voice: Voice, entry: Entry) -> Screen:
    _ = voice._
    return Screen(_("🚪 Leave {organization}? You will no longer post its stock. Your entry stays in its register, "
                    "and you can ask to join again.").format(organization=entry.organization_name),
                  [[voice.button(_("🚪 Yes, leave"), Action.REGISTER_LEAVE_CONFIRMED, entry.organization_id),
                    voice.button(_("« My entry"), Action.REGISTER_ENTRY, entry.organization_id)]])


def left(voice: Voice, membership: MembershipView) -> Screen:
    return Screen(voice._("🚪 You left {organization}.").format(organization=membership.organization_name),
                  [back_to_menu(voice)])


def register_page(voice: Voice, page: RegisterPage) -> Screen:
    """A page of the register for the admins: each member's community, family and production, who is stale."""
    _ = voice._
    lines = [_("📋 Register of {organization}").format(organization=page.organization_name),
             _("{members} members; {stale} not updated in the last 12 months.").format(
                 members=voice.number(page.members), stale=voice.number(page.not_current))]
    if page.stale_only:
        lines.append(_("Showing only those not updated in 12 months."))
    lines.append("")
    rows = []
    marks = {EntryState.CURRENT: "", EntryState.STALE: " ⚠️", EntryState.MISSING: " ✍️"}
    for entry in page.entries:
        lines.append(f"• {entry.person_name}{marks[entry.state]} — {_summary(voice, entry)}")
        rows.append([voice.button(entry.person_name, Action.REGISTER_MEMBER, entry.member_id,
                                  STALE if page.stale_only else ALL, page.page)])
    if not page.entries:
        lines.append(_("Everyone's entry is up to date.") if page.stale_only else _("No members yet."))
    lines += ["", _("⚠️ not updated in 12 months · ✍️ not written yet"),
              _("🔒 Only the admins see this.")]
    view = STALE if page.stale_only else ALL
    paging = []
    if page.page > 0:
        paging.append(voice.button("‹", Action.REGISTER_LIST, page.organization_id, view, page.page - 1))
    if page.page + 1 < page.pages:
        paging.append(voice.button("›", Action.REGISTER_LIST, page.organization_id, view, page.page + 1))
    if paging:
        rows.append(paging)
    toggle = (voice.button(_("📋 Everyone"), Action.REGISTER_LIST, page.organization_id, ALL, 0) if page.stale_only
              else voice.button(_("⚠️ Not updated only"), Action.REGISTER_LIST, page.organization_id, STALE, 0))
    rows += [[toggle], [voice.button(_("📊 Totals"), Action.REGISTER_TOTALS, page.organization_id),
                        voice.button(_("⬇️ CSV"), Action.REGISTER_CSV, page.organization_id)],
             [voice.button(_("« My organizations"), Action.ORGANIZATIONS)]]
    return Screen("\n".join(lines), rows)


def _summary(voice: Voice, entry: Entry) -> str:
    _ = voice._
    if entry.updated_on is None:
        return _("no entry yet")
    parts = [entry.community or "—"]
    if entry.family_size is not None:
        parts.append(f"👪 {voice.number(entry.family_size)}")
    parts.append(", ".join(line.product for line in entry.production) or "—")
    parts.append(voice.date(entry.updated_on, "short"))
    if entry.written_by is not None:
        parts.append(f"✏️ {entry.written_by or _('an admin')}")
    return " · ".join(parts)


def member_entry(voice: Voice, entry: Entry, view: str, page: int, done: str | None = None) -> Screen:
    """One member's entry for an admin (their gender is not part of it), which she may write for them."""
    _ = voice._
    lines = [done, ""] if done else []
    lines += [_("📋 {name} in the register of {organization}").format(name=entry.person_name,
                                                                     organization=entry.organization_name), ""]
    lines += entry_lines(voice, entry)
    return Screen("\n".join(lines), [
        [voice.button(_("✏️ Write this entry"), Action.REGISTER_WRITE, entry.member_id, view, page)],
        [voice.button(_("« Register"), Action.REGISTER_LIST, entry.organization_id, view, page)]])


def totals(voice: Voice, data: RegisterTotals) -> Screen:
    """The register's totals; the shares of women are counted from the members' own declarations."""
    _ = voice._
    facts = data.facts
    lines = [_("📊 Register of {organization}").format(organization=data.organization_name), "",
             _("👥 {members} members; {updated} updated in the last 12 months.").format(
                 members=voice.number(facts.producers), updated=voice.number(facts.updated)),
             _("👪 {people} people in the families of the {given} members who said.").format(
                 people=voice.number(data.families), given=voice.number(data.family_sizes_given)),
             _("Women among the producers: {share} ({declared} declared).").format(
                 share=_share(voice, facts.women_share_producers), declared=voice.number(data.declared_producers)),
             _("Women on the board: {share} ({declared} of {board} declared).").format(
                 share=_share(voice, facts.women_share_board), declared=voice.number(data.declared_board),
                 board=voice.number(data.board)),
             "", _("Gender is only counted here: it is never shown per person.")]
    return Screen("\n".join(lines), [[voice.button(_("« Register"), Action.REGISTER_LIST, data.organization_id,
                                                   ALL, 0)]])


def _share(voice: Voice, share: Decimal | None) -> str:
    return "—" if share is None else f"{voice.number((share * 100).quantize(Decimal(1)))} %"


def reminder_notice(voice: Voice, reminder: RegisterReminder) -> Screen:
    """The yearly reminder to check one's entry."""
    _ = voice._
    if reminder.updated_on is None:
        text = _("📋 {organization} keeps a register of its members. Fill in your entry: your community, what you "
                 "produce and your family. Only its admins see it.").format(organization=reminder.organization_name)
    else:
        text = _("📋 Your entry in the register of {organization} was last updated on {date}. Is it still "
                 "right?").format(organization=reminder.organization_name, date=voice.date(reminder.updated_on))
    return Screen(text, [[voice.button(_("📋 My entry"), Action.REGISTER_ENTRY, reminder.organization_id)]])


def written_notice(voice: Voice, notice: WrittenNotice) -> Screen:
    """To the member: an admin wrote their entry; what it says, and the way to correct it."""
    _ = voice._
    entry = notice.entry
    lines = [_("✏️ {admin} wrote your entry in the register of {organization}:").format(
        admin=notice.written_by or _("an admin"), organization=entry.organization_name), ""]
    lines += entry_lines(voice, entry)
    lines += ["", _("If something is not right, correct it with /miregistro.")]
    return Screen("\n".join(lines), [[voice.button(_("📋 My entry"), Action.REGISTER_ENTRY, entry.organization_id)]])
