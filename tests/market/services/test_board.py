"""An organization's board: admins name admins, hand over, step down; each change a dated record; terms reminded."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from market.enums import BoardChange, BoardRole, MemberRole, TermState
from market.errors import Conflict, FeriaError, Forbidden, Invalid
from market.models import BoardRecord, Member, Notification, Organization, Person
from market.services.catalog.organization_page import get_organization_profile
from market.services.organizations import board as board_service
from market.services.organizations.board import change_board, renew_board, set_term_months, step_down
from market.services.organizations.board_notices import get_term_reminder, owe_term_reminders
from market.services.organizations.board_views import board_candidates, board_history, get_board
from market.services.people.privacy import forget_person
from tests.market.services.shop import Shop, make_person, make_shop
from tests.support.clock import NOW, TODAY

LATER = NOW + timedelta(days=3)
PRESIDENCY, SEAT, NAME_ADMIN = BoardChange.PRESIDENCY, BoardChange.SEAT, BoardChange.NAME_ADMIN


async def history(shop: Shop) -> list[tuple[int, str, object, object, object, object]]:
    rows = await BoardRecord.filter(organization_id=shop.organization_id).order_by("id").values_list(
        "person_id", "role", "started_at", "started_by_id", "ended_at", "ended_by_id")
    return [tuple(row) for row in rows]


async def roles(shop: Shop) -> dict[int, str]:
    return dict(await Member.filter(organization_id=shop.organization_id).values_list("person_id", "role"))


async def test_an_admin_names_a_producer_admin_hands_over_the_presidency_and_steps_down_each_change_recorded(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, PRESIDENCY, hilda, by_person_id=hilda, now=NOW)

    named = await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=NOW)
    handed = await change_board(shop.organization_id, PRESIDENCY, reina, by_person_id=hilda, now=LATER)
    left = await step_down(shop.organization_id, by_person_id=hilda, now=LATER + timedelta(hours=1))

    assert [(s.person_id, s.role) for s in named.seats] == [(hilda, BoardRole.PRESIDENT), (reina, BoardRole.ADMIN)]
    assert [(s.person_id, s.role) for s in handed.seats] == [(reina, BoardRole.PRESIDENT), (hilda, BoardRole.ADMIN)]
    assert [(s.person_id, s.role, s.since) for s in left.seats] == [(reina, BoardRole.PRESIDENT, LATER.date())]
    assert left.renewed_on == LATER.date() and left.state == TermState.CURRENT
    assert await history(shop) == [
        # Hilda took the empty presidency: her admin seat (none recorded: she was admin from the start) opened as it
        (hilda, "president", NOW, hilda, LATER, hilda),
        (reina, "admin", NOW, hilda, LATER, hilda),
        (hilda, "admin", LATER, hilda, LATER + timedelta(hours=1), hilda),
        (reina, "president", LATER, hilda, None, None),
    ]
    assert (await roles(shop))[hilda] == MemberRole.PRODUCER and (await roles(shop))[reina] == MemberRole.ADMIN
    told = await Notification.filter(template="board_seat").order_by("id").values_list("person_id", flat=True)
    assert told == [reina, reina]  # named admin, then handed the presidency; never Hilda for her own steps


async def test_the_last_admin_cannot_step_down_but_hands_their_seat_to_a_producer_who_takes_it_whole(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, PRESIDENCY, hilda, by_person_id=hilda, now=NOW)
    before = await history(shop)

    with pytest.raises(Conflict) as refused:
        await step_down(shop.organization_id, by_person_id=hilda, now=LATER)
    unchanged = await history(shop)
    handed = await change_board(shop.organization_id, SEAT, reina, by_person_id=hilda, now=LATER)

    assert refused.value.code == "last_admin" and unchanged == before
    assert [(s.person_id, s.role) for s in handed.seats] == [(reina, BoardRole.PRESIDENT)]
    assert await roles(shop) == {hilda: "producer", reina: "admin", shop.pending_producer_id: "producer"}


async def test_a_hand_over_is_one_transaction_a_failure_in_it_leaves_the_board_as_it_was(shop, monkeypatch):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, PRESIDENCY, hilda, by_person_id=hilda, now=NOW)
    before = (await history(shop), await roles(shop))

    async def outbox_away(**kwargs: object) -> bool:
        raise RuntimeError("the outbox table is away")

    monkeypatch.setattr(board_service, "enqueue_notification", outbox_away)
    with pytest.raises(RuntimeError):
        await change_board(shop.organization_id, PRESIDENCY, reina, by_person_id=hilda, now=LATER)

    assert (await history(shop), await roles(shop)) == before


@pytest.mark.parametrize(
    ("change", "who", "code"),
    [
        (NAME_ADMIN, "admin", "already_an_admin"),
        (NAME_ADMIN, "pending", "board_member_not_found"),  # asked to join, not approved: not a member yet
        (NAME_ADMIN, "other", "board_member_not_found"),  # of another organization
        (SEAT, "admin", "already_an_admin"),
    ],
)
async def test_a_change_with_someone_it_cannot_seat_is_refused_and_changes_nothing(shop, change, who, code):
    other = await make_shop("coop-b", name="Cooperativa B", telegram_base=2000)
    people = {"admin": shop.admin_id, "pending": shop.pending_producer_id, "other": other.producer_id}
    before = (await history(shop), await roles(shop))

    with pytest.raises(FeriaError) as refused:
        await change_board(shop.organization_id, change, people[who], by_person_id=shop.admin_id, now=NOW)

    assert refused.value.code == code
    assert (await history(shop), await roles(shop)) == before


async def test_only_the_holder_hands_over_an_office_and_candidates_are_whom_the_change_may_seat(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=NOW)
    await change_board(shop.organization_id, PRESIDENCY, reina, by_person_id=hilda, now=NOW)  # empty: any admin

    with pytest.raises(FeriaError) as refused:
        await change_board(shop.organization_id, PRESIDENCY, hilda, by_person_id=hilda, now=LATER)
    for_presidency = await board_candidates(shop.organization_id, PRESIDENCY, by_person_id=reina)
    to_name = await board_candidates(shop.organization_id, NAME_ADMIN, by_person_id=hilda)

    assert refused.value.code == "not_the_office_holder"
    assert [(c.person_id, c.role) for c in for_presidency.items] == [(hilda, BoardRole.ADMIN)]
    assert to_name.items == ()  # the pending producer is not a member yet; Reina is an admin already


async def test_a_board_re_elected_as_it_is_starts_a_new_term_and_its_term_length_is_the_organizations(shop):
    hilda = shop.admin_id

    renewed = await renew_board(shop.organization_id, by_person_id=hilda, now=LATER)
    longer = await set_term_months(shop.organization_id, 24, by_person_id=hilda)
    with pytest.raises(Invalid) as refused:
        await set_term_months(shop.organization_id, 0, by_person_id=hilda)

    assert (renewed.renewed_on, renewed.ends_on) == (LATER.date(), date(2027, 11, 24))
    assert (longer.term_months, longer.ends_on) == (24, date(2028, 11, 24))
    assert (refused.value.code, refused.value.params) == ("term_months_invalid", {"min": 1, "max": 60})
    assert await history(shop) == [(hilda, "admin", LATER, hilda, None, None)]


async def test_a_term_in_its_last_month_is_reminded_once_to_each_admin_and_no_more_once_renewed(shop, feria_clock):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=NOW)
    await Organization.filter(id=shop.organization_id).update(term_months=1)  # ends 2026-12-21: its last month now

    first = await owe_term_reminders(NOW)
    again = await owe_term_reminders(NOW + timedelta(hours=1))
    feria_clock.advance(timedelta(days=2))
    renewed = await renew_board(shop.organization_id, by_person_id=hilda)
    stale = await get_term_reminder(shop.organization_id, date(2026, 12, 21), person_id=hilda)
    after_renewal = await owe_term_reminders()

    assert (first, again) == (2, 0)
    keys = await Notification.filter(template="board_term").order_by("id").values_list("dedupe_key", flat=True)
    assert sorted(keys[:2]) == [f"board_term:{shop.organization_id}:ends:2026-12-21:person:{hilda}",
                                f"board_term:{shop.organization_id}:ends:2026-12-21:person:{reina}"]
    assert stale is None  # the renewed board has another end: the old reminder is not sent
    assert renewed.ends_on == date(2026, 12, 23) and after_renewal == 2  # its new term is also in its last month


async def test_a_term_reminder_waits_out_an_admins_quiet_hours(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=NOW)
    await Organization.filter(id=shop.organization_id).update(term_months=1)
    zone = ZoneInfo((await Organization.get(id=shop.organization_id).prefetch_related("territory")).territory.time_zone)
    local = NOW.astimezone(zone)
    quiet_until = (local + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    await Person.filter(id=reina).update(quiet_from_minute=((local.hour - 1) % 24) * 60,
                                         quiet_until_minute=quiet_until.hour * 60)

    assert await owe_term_reminders(NOW) == 2
    due = dict(await Notification.filter(template="board_term").values_list("person_id", "not_before"))
    assert due[hilda] == NOW  # no quiet hours: owed at once
    assert due[reina] == quiet_until  # the first minute after her quiet hours, where the organization is


async def test_a_term_past_without_renewal_is_said_on_the_public_page_and_not_reminded(shop, feria_clock):
    await Organization.filter(id=shop.organization_id).update(term_months=12)
    feria_clock.advance(timedelta(days=366))

    profile = await get_organization_profile("oeca-valles-comarapa", today=TODAY + timedelta(days=366))
    owed = await owe_term_reminders()

    assert [(s.name, s.role, s.since) for s in profile.board.seats] == [
        ("OECA Valles de Comarapa member 1", BoardRole.ADMIN, TODAY)]
    assert (profile.board.renewed_on, profile.board.ends_on, profile.board.state) == (
        TODAY, date(2027, 11, 21), TermState.ENDED)
    assert owed == 0


async def test_forgetting_an_admin_who_is_not_the_last_ends_their_seat_and_the_board_goes_on(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=NOW)
    await change_board(shop.organization_id, PRESIDENCY, reina, by_person_id=hilda, now=NOW)

    await forget_person(reina, now=LATER)
    board = await get_board(shop.organization_id)

    assert [(s.person_id, s.role) for s in board.seats] == [(hilda, BoardRole.ADMIN)]
    assert board.holder(BoardRole.PRESIDENT) is None  # left empty until an admin gives it
    assert await BoardRecord.filter(person_id=reina, ended_at=LATER, ended_by_id=reina).count() == 1


async def test_the_members_an_admin_may_name_come_by_name_a_page_at_a_time(shop):
    for n in range(9):
        person = await make_person(f"Productora {n}")
        await Member.create(organization_id=shop.organization_id, person_id=person, role=MemberRole.PRODUCER)

    first = await board_candidates(shop.organization_id, NAME_ADMIN, by_person_id=shop.admin_id)
    second = await board_candidates(shop.organization_id, NAME_ADMIN, by_person_id=shop.admin_id,
                                    offset=first.next_offset or 0)

    names = [c.name for c in first.items + second.items]
    assert (len(first.items), first.next_offset, second.next_offset) == (8, 8, None)
    assert names == sorted(names) and len(names) == 10  # the shop's producer too; never the one still pending


async def test_the_boards_history_holds_every_seat_latest_first_with_who_gave_and_ended_it_for_its_admins(shop):
    hilda, reina = shop.admin_id, shop.producer_id
    await change_board(shop.organization_id, PRESIDENCY, hilda, by_person_id=hilda, now=NOW)
    await change_board(shop.organization_id, NAME_ADMIN, reina, by_person_id=hilda, now=LATER)

    past = await board_history(shop.organization_id, by_person_id=hilda, limit=1)
    whole = await board_history(shop.organization_id, by_person_id=hilda)

    assert past.records == 2 and len(past.items) == 1 and past.next_offset == 1
    admin_name = (await Person.get(id=hilda)).name
    assert [(s.role, s.started_by, s.ended_on) for s in whole.items] == [
        (BoardRole.ADMIN, admin_name, None), (BoardRole.PRESIDENT, admin_name, None)]
    assert whole.items[0].started_on == LATER.astimezone(ZoneInfo("America/La_Paz")).date()
    with pytest.raises(Forbidden):
        await board_history(shop.organization_id, by_person_id=await make_person("Nadie"))
