"""What Feria keeps about a person, and forgetting them when they ask, from the chat.

Forgetting keeps the person's row, so that what others rely on still adds up (a group's accounts,
a producer's orders to deliver, the signatures behind a seal), but the row no longer names them:
its name becomes "" (adapters render it as a neutral, translated "Former member") and its Telegram
identity is gone, so the same Telegram user coming back is a brand-new person (a new row: the
column `person.telegram_user_id` is unique, so it is set to NULL on the forgotten row).

| table                 | how it points at the person        | on forgetting | why |
|-----------------------|------------------------------------|---------------|-----|
| person                | the row itself                     | anonymized    | name "", username, Telegram id, phone, language, place and alert settings erased, `forgotten_at` set: rows below still point at it |
| chat_state            | person, chat_id (= Telegram id)    | erased        | what their private chat awaits and its draft (typed notes) |
| inbox_update          | chat_id, payload (Telegram's user) | anonymized    | their private chat's updates lose chat id and payload, except the payload of the one being processed (a retry needs it; blanked when done); updates they sent in a group chat are the group chat's and stay; all purged after MESSAGE_RETENTION_DAYS |
| notification          | person, chat_id                    | erased        | messages owed or sent to them (the one being sent right now is left to finish) |
| subscription          | person                             | erased        | their alerts |
| cart_item             | person                             | erased        | their cart |
| member                | person (organization membership)   | erased        | they no longer belong; refused while they are an organization's last admin (who hands their seat over first: market.services.organizations.board) |
| member_entry          | member → person                    | erased        | their entry in the member register (community, production, family, gender) goes with the membership |
| membership_event      | person, by_person                  | kept          | the organization's history of who joined and left: a "left" step is added, the row is nameless |
| board_record          | person, started_by, ended_by       | kept, ended   | their open seats end as if they stepped down (an office they held is left empty); the board's history stays, nameless |
| pgs_reviewer          | person                             | erased        | they no longer review for a network |
| group_member          | person                             | kept, left    | as leaving would (groups.leave_group): lines in rounds still taking orders withdrawn; the row stays because allocations and ledger entries point at it; refused while they are a group's last coordinator |
| group_join_request    | person, decided_by                 | kept, ended   | a request still waiting is cancelled (coordinators are no longer asked); the group's record of who asked stays, nameless |
| member_order_row      | member → person                    | kept / erased | erased in rounds still taking orders (leaving), kept in closed ones: packs were ordered on them |
| round_allocation      | member → person                    | kept          | what they took home: bills and group totals |
| ledger_entry          | member → person, recorded_by       | kept          | the group's accounts stay identical to the cent, under the neutral label |
| order, order_line     | consumer                           | kept          | the producer must still deliver and bill; the delivery note of a delivered or cancelled order is blanked, and of the others when they end |
| peer_review_signature | person                             | kept          | a seal stands on its signatures; shown under the neutral label |
| seal, peer_review     | producer                           | kept          | a seal of a producer stays verifiable |
| seal_event, offer_event, price_observation, fair_event, order_round, peer_review | by_person, recorded_by, created_by | kept | who did it is only a link to the nameless row |
| api_token             | created_by                         | kept, dead    | an organization's token stops working once its maker is no longer an admin (their membership is erased) |
| search_miss           | person (bot searches)              | erased        | what they searched in vain; web and API searches hold only a digest of the client's address |
| operator              | person, named_by, removed_by       | kept, ended   | their role ends as if they removed themselves (the installation's history of who looked after it stays, nameless); refused while they are the last operator |
| decision              | by_person                          | kept          | an approval or refusal stands on who decided: shown under the neutral label |
| web_session, login_code | person                           | erased        | every browser signed in to the desk as them is signed out |
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from market.enums import (
    GroupMemberStatus,
    GroupRole,
    InboxStatus,
    JoinRequestStatus,
    LedgerAccount,
    MemberRole,
    MembershipEventKind,
    MembershipStatus,
    NotificationStatus,
    OrderStatus,
    RoundStatus,
)
from market.errors import Conflict, NotFound
from market.models import (
    BoardRecord,
    CartItem,
    ChatState,
    GroupJoinRequest,
    GroupMember,
    InboxUpdate,
    LedgerEntry,
    LoginCode,
    Member,
    MemberEntry,
    MemberOrderRow,
    Notification,
    Operator,
    Order,
    Organization,
    PeerReviewSignature,
    Person,
    PgsReviewer,
    PurchasingGroup,
    SearchMiss,
    Subscription,
    WebSession,
)
from market.orm import column_of
from market.services.catalog.demand import forget_search_misses
from market.services.groups.membership import leave_group
from market.services.messaging.chats import forget_known_chat_state
from market.services.orders.status import FINISHED
from market.services.organizations.producers import record_membership_event
from market.services.receipts.issuing import forget_buyer

LAST_ORDERS = 3


@dataclass(frozen=True)
class Profile:
    name: str  # "" once forgotten
    username: str | None
    telegram_user_id: int | None
    language: str | None  # the language they chose, else Telegram's guess
    territory_name: str | None
    country_code: str | None
    alerts_muted_until: datetime | None
    quiet_from_minute: int | None
    quiet_until_minute: int | None
    forgotten_at: datetime | None


@dataclass(frozen=True)
class Membership:
    name: str  # the group's or the organization's
    role: str  # GroupRole or MemberRole value
    status: str  # GroupMemberStatus or MembershipStatus value


@dataclass(frozen=True)
class OrderBrief:
    id: int
    organization_name: str
    status: OrderStatus
    total: Decimal
    currency: str
    country_code: str
    placed_at: datetime


@dataclass(frozen=True)
class LedgerSummary:
    """The entries of a group's accounts about them, in one currency: count and sum (negative: they owe)."""

    group_name: str
    country_code: str  # the group's, to format its money
    currency: str
    entries: int
    total: Decimal


@dataclass(frozen=True)
class PersonalData:
    profile: Profile
    groups: tuple[Membership, ...]  # active ones
    organizations: tuple[Membership, ...]
    orders: int
    last_orders: tuple[OrderBrief, ...]  # newest first
    cart_items: int
    round_lines: int  # rows of their round order lines, all rounds
    open_round_lines: int  # of which in rounds still open
    alerts: int
    ledger: tuple[LedgerSummary, ...]
    review_signatures: int
    reviewer_of: int  # networks they review for
    pending_notifications: int
    inbox_updates: int  # Telegram updates of their private chat kept in the inbox
    searches: int = 0  # their searches that found nothing, kept as product words for the demand board
    operator: bool = False  # they look after this Feria installation
    board_seats: int = 0  # seats they held or hold on organizations' boards, kept as those boards' history
    register_entries: int = 0  # their entries in organizations' member registers


@dataclass(frozen=True)
class ForgetResult:
    already_forgotten: bool  # a second request: nothing more to do
    groups_left: int
    lines_removed: int


async def what_we_keep(person_id: int) -> PersonalData:
    """Everything Feria holds about one person, short enough for one screen (counts and key facts)."""
    person = await Person.filter(id=person_id).select_related("territory").first()
    if person is None:
        raise NotFound("person_not_found")
    tg = person.telegram_user_id
    mine = Q(person_id=person_id) | Q(chat_id=tg) if tg is not None else Q(person_id=person_id)
    rows = MemberOrderRow.filter(member__person_id=person_id)
    return PersonalData(
        profile=_profile(person), groups=await _groups(person_id), organizations=await _organizations(person_id),
        orders=await Order.filter(consumer_id=person_id).count(), last_orders=await _last_orders(person_id),
        cart_items=await CartItem.filter(person_id=person_id).count(), round_lines=await rows.count(),
        open_round_lines=await rows.filter(round_offer__round__status=RoundStatus.OPEN).count(),
        alerts=await Subscription.filter(person_id=person_id).count(), ledger=await _ledger(person_id),
        review_signatures=await PeerReviewSignature.filter(person_id=person_id).count(),
        reviewer_of=await PgsReviewer.filter(person_id=person_id, active=True).count(),
        pending_notifications=await Notification.filter(mine, status=NotificationStatus.PENDING).count(),
        inbox_updates=0 if tg is None else await InboxUpdate.filter(chat_id=tg).count(),
        searches=await SearchMiss.filter(person_id=person_id).count(),
        operator=await Operator.filter(person_id=person_id, removed_at__isnull=True).exists(),
        board_seats=await BoardRecord.filter(person_id=person_id).count(),
        register_entries=await MemberEntry.filter(member__person_id=person_id).count(),
    )


async def forget_person(person_id: int, *, now: datetime) -> ForgetResult:
    """Erase what names the person, in one transaction; what others rely on stays, without their name.

    Refused, changing nothing, while they are a group's last coordinator (Conflict
    "forget_last_coordinator"), an organization's last admin ("forget_last_admin") or the installation's last
    operator ("forget_last_operator"): someone else must take over first. Asking again once forgotten does nothing.
    """
    async with in_transaction():
        # Locks the row on PostgreSQL: two presses of "Yes, delete" at once forget once.
        person = await Person.filter(id=person_id).select_for_update().first()
        if person is None:
            raise NotFound("person_not_found")
        if person.forgotten_at is not None:
            return ForgetResult(True, 0, 0)
        await _refuse_last_coordinator(person_id)
        await _refuse_last_admin(person_id)
        await _refuse_last_operator(person_id)
        groups_left = lines_removed = 0
        for group_id in await column_of(
                GroupMember.filter(person_id=person_id, status=GroupMemberStatus.ACTIVE), "group_id", int):
            lines_removed += (await leave_group(group_id, person_id=person_id, now=now)).lines_removed
            groups_left += 1
        for organization_id in await column_of(Member.filter(
                person_id=person_id, status__in=(MembershipStatus.APPROVED, MembershipStatus.PENDING)),
                "organization_id", int):
            await record_membership_event(organization_id, person_id, MembershipEventKind.LEFT,
                                          by_person_id=person_id, now=now)
        await _erase_around(person_id, person.telegram_user_id)
        await Operator.filter(person_id=person_id, removed_at__isnull=True).update(removed_at=now,
                                                                                   removed_by_id=person_id)
        await BoardRecord.filter(person_id=person_id, ended_at__isnull=True).update(ended_at=now,
                                                                                    ended_by_id=person_id)
        await GroupJoinRequest.filter(person_id=person_id, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.CANCELLED, pending_key=None, decided_by_id=person_id, decided_at=now)
        await Person.filter(id=person_id).update(
            name="", username=None, telegram_user_id=None, phone=None, locale=None, language_code=None,
            territory_id=None, place_asked_at=None, alerts_muted_until=None, quiet_from_minute=None,
            quiet_until_minute=None,
            forgotten_at=now, updated_at=now,
        )
    return ForgetResult(False, groups_left, lines_removed)


async def _erase_around(person_id: int, telegram_user_id: int | None) -> None:
    """Delete or blank the rows about them that nobody else needs."""
    await CartItem.filter(person_id=person_id).delete()
    await Subscription.filter(person_id=person_id).delete()
    await Member.filter(person_id=person_id).delete()  # their register entries with them (member_entry cascades)
    await PgsReviewer.filter(person_id=person_id).delete()
    await WebSession.filter(person_id=person_id).delete()  # every browser signed in as them is out
    await LoginCode.filter(person_id=person_id).delete()
    await forget_search_misses(person_id)
    # The others' notes go as each order ends (market.services.orders.status): the producer still delivers.
    await Order.filter(consumer_id=person_id, status__in=FINISHED).update(delivery_note="")
    await forget_buyer(person_id)  # their receipts keep the amounts, not their name
    chats = Q(person_id=person_id)
    if telegram_user_id is not None:
        chats |= Q(chat_id=telegram_user_id)  # a private chat's id is its user's id
        mine = InboxUpdate.filter(Q(chat_id=telegram_user_id) | Q(sender_id=telegram_user_id))
        await mine.exclude(status=InboxStatus.PROCESSING).update(payload={})
        # The update being processed (this very request, in the bot) keeps what a retry needs until it is done,
        # when the inbox blanks it (market.services.messaging.inbox.mark_done); only its ids go now. Her updates in group
        # chats keep the group's id.
        await InboxUpdate.filter(chat_id=telegram_user_id).update(chat_id=None)
        await InboxUpdate.filter(sender_id=telegram_user_id).update(sender_id=None)
    await Notification.filter(chats).exclude(status=NotificationStatus.SENDING).delete()
    await ChatState.filter(chats).delete()
    forget_known_chat_state()  # this turn's chat, if one of hers, awaits nothing now


async def _refuse_last_coordinator(person_id: int) -> None:
    coordinated = await GroupMember.filter(
        person_id=person_id, status=GroupMemberStatus.ACTIVE, role=GroupRole.COORDINATOR).values_list(
        "group_id", flat=True)
    for group_id in coordinated:
        others = GroupMember.filter(group_id=group_id, status=GroupMemberStatus.ACTIVE, role=GroupRole.COORDINATOR)
        if not await others.exclude(person_id=person_id).exists():
            name = await PurchasingGroup.filter(id=group_id).first().values_list("name", flat=True)
            raise Conflict("forget_last_coordinator", group=name)


async def _refuse_last_admin(person_id: int) -> None:
    administered = await Member.filter(
        person_id=person_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED).values_list(
        "organization_id", flat=True)
    for organization_id in administered:
        others = Member.filter(organization_id=organization_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED)
        if not await others.exclude(person_id=person_id).exists():
            name = await Organization.filter(id=organization_id).first().values_list("name", flat=True)
            raise Conflict("forget_last_admin", organization=name)


async def _refuse_last_operator(person_id: int) -> None:
    # Models, not column_of (a values query): tortoise-orm 1.1.9 leaves FOR UPDATE out of those.
    current = [o.person_id for o in await Operator.filter(removed_at__isnull=True).select_for_update()]
    if person_id in current and len(set(current)) == 1:
        raise Conflict("forget_last_operator")


def _profile(person: Person) -> Profile:
    territory = person.territory
    return Profile(
        person.name, person.username, person.telegram_user_id, person.locale or person.language_code,
        territory.name if territory else None, territory.country_code if territory else None,
        person.alerts_muted_until, person.quiet_from_minute, person.quiet_until_minute, person.forgotten_at,
    )


async def _groups(person_id: int) -> tuple[Membership, ...]:
    rows = await GroupMember.filter(person_id=person_id, status=GroupMemberStatus.ACTIVE).order_by(
        "group__name").values_list("group__name", "role", "status")
    return tuple(Membership(*row) for row in rows)


async def _organizations(person_id: int) -> tuple[Membership, ...]:
    rows = await Member.filter(person_id=person_id).order_by("organization__name").values_list(
        "organization__name", "role", "status")
    return tuple(Membership(*row) for row in rows)


async def _last_orders(person_id: int) -> tuple[OrderBrief, ...]:
    rows = await Order.filter(consumer_id=person_id).order_by("-placed_at", "-id").limit(LAST_ORDERS).values_list(
        "id", "organization__name", "status", "total", "currency", "organization__territory__country_code",
        "placed_at")
    return tuple(OrderBrief(i, org, OrderStatus(status), Decimal(total), cur, cc, at)
                 for i, org, status, total, cur, cc, at in rows)


async def _ledger(person_id: int) -> tuple[LedgerSummary, ...]:
    """Summed here, not in SQL: SQLite keeps decimals as text."""
    rows = await LedgerEntry.filter(account=LedgerAccount.MEMBER, member__person_id=person_id).values_list(
        "group__name", "group__territory__country_code", "currency", "amount")
    entries: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    sums: defaultdict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for group_name, country_code, currency, amount in rows:
        key = (group_name or "", country_code or "", currency)
        entries[key] += 1
        sums[key] += Decimal(amount)
    return tuple(LedgerSummary(g, cc, c, entries[g, cc, c], sums[g, cc, c]) for g, cc, c in sorted(sums))
