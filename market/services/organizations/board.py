"""Changing an organization's board: admins name admins, hand over an office or their seat, step down, say the
board was re-elected as it is, and set its term; each change ends and starts seats as dated board records.

| service          | who           | what it does (market.rules.board says which seats)                              |
|------------------|---------------|---------------------------------------------------------------------------------|
| change_board     | an admin      | name a producer admin; hand over the presidency or the treasury; hand one's own |
|                  |               | seat to a producer, who becomes admin, as one leaves the board                  |
| step_down        | an admin      | leave the board (a producer again); never the last admin: hand over instead     |
| renew_board      | an admin      | the board was re-elected as it is: every seat ends and starts again, a new term |
| set_term_months  | an admin      | how many months a term lasts (1 to 60)                                          |

Each runs in one transaction with the organization's row locked (PostgreSQL): two admins changing the board at
once change it one after the other, each from the seats the other left. A member's role follows their seat:
admin while they hold one, producer when it ends. A member given a seat by another admin is told, by the outbox.
Anyone but an admin is refused ("not_an_admin") and nothing changes.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from market import clock
from market.enums import BoardChange, MemberRole, MembershipStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import BoardRecord, Member, Organization
from market.rules.board import MAX_TERM_MONTHS, MIN_TERM_MONTHS, SeatChange, Seats, seat_change, stepping_down
from market.services.messaging.notifications import enqueue_notification
from market.services.organizations.board_views import Board, get_board, seats_of


async def change_board(organization_id: int, change: BoardChange, person_id: int, *, by_person_id: int,
                       now: datetime | None = None) -> Board:
    """Admin `by_person_id` makes `change` with member `person_id` (an approved member, else NotFound
    "board_member_not_found"); the board as it is then."""
    now = now or clock.now()
    async with in_transaction():
        seats = await _admin_seats(organization_id, by_person_id)
        if not await Member.exists(organization_id=organization_id, person_id=person_id,
                                   status=MembershipStatus.APPROVED, person__forgotten_at__isnull=True):
            raise NotFound("board_member_not_found")
        started = await _apply(organization_id, seats, seat_change(seats, change, by_person_id, person_id),
                               by_person_id, now)
        await _tell_seated(organization_id, started, person_id, by_person_id)
    return await get_board(organization_id, now=now)


async def step_down(organization_id: int, *, by_person_id: int, now: datetime | None = None) -> Board:
    """The admin leaves the board and stays a producer member; Conflict "last_admin" when nobody else is an admin."""
    now = now or clock.now()
    async with in_transaction():
        seats = await _admin_seats(organization_id, by_person_id)
        await _apply(organization_id, seats, stepping_down(seats, by_person_id), by_person_id, now)
    return await get_board(organization_id, now=now)


async def renew_board(organization_id: int, *, by_person_id: int, now: datetime | None = None) -> Board:
    """The assembly re-elected the board as it is: every seat ends and starts again today, a new term."""
    now = now or clock.now()
    async with in_transaction():
        seats = await _admin_seats(organization_id, by_person_id)
        await _apply(organization_id, seats, SeatChange(tuple(seats), tuple(seats.items())), by_person_id, now)
    return await get_board(organization_id, now=now)


async def set_term_months(organization_id: int, months: int, *, by_person_id: int) -> Board:
    """How long the board's terms last; Invalid "term_months_invalid" outside 1 to 60 months."""
    async with in_transaction():
        await _admin_seats(organization_id, by_person_id)
        if not MIN_TERM_MONTHS <= months <= MAX_TERM_MONTHS:
            raise Invalid("term_months_invalid", min=MIN_TERM_MONTHS, max=MAX_TERM_MONTHS)
        await Organization.filter(id=organization_id).update(term_months=months)
    return await get_board(organization_id)


async def _admin_seats(organization_id: int, person_id: int) -> Seats:
    """The seats, read with the organization's row locked; refused unless `person_id` holds one."""
    if await Organization.filter(id=organization_id).select_for_update().first() is None:
        raise NotFound("organization_not_found")
    seats = await seats_of(organization_id)
    if person_id not in seats:
        raise Forbidden("not_an_admin")
    return seats


async def _apply(organization_id: int, seats: Seats, change: SeatChange, by_person_id: int,
                 now: datetime) -> dict[int, int]:
    """End and start the seats of `change`, and move members' roles with them; the records started, by person."""
    if change.ended:
        await BoardRecord.filter(organization_id=organization_id, person_id__in=list(change.ended),
                                 ended_at__isnull=True).update(ended_at=now, ended_by_id=by_person_id)
    started = {}
    for person_id, role in change.started:
        record = await BoardRecord.create(organization_id=organization_id, person_id=person_id, role=role,
                                          started_at=now, started_by_id=by_person_id)
        started[person_id] = record.id
    joined, left = set(started) - set(seats), set(change.ended) - set(started)
    for people, member_role in ((joined, MemberRole.ADMIN), (left, MemberRole.PRODUCER)):
        if people:
            await Member.filter(organization_id=organization_id, person_id__in=list(people)).update(role=member_role)
    return started


async def _tell_seated(organization_id: int, started: dict[int, int], person_id: int, by_person_id: int) -> None:
    """The member another admin gave a seat hears of it in their chat."""
    if person_id == by_person_id or person_id not in started:
        return
    member = await Member.filter(organization_id=organization_id, person_id=person_id).first().values(
        chat_id="person__telegram_user_id")
    if member is not None and member["chat_id"] is not None:
        await enqueue_notification(chat_id=member["chat_id"], person_id=person_id, template="board_seat",
                                   params={"record_id": started[person_id]})
