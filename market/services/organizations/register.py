"""The member register, the producer's side: each approved member keeps their own entry (community, what they
produce, family size, self-declared gender), and the facts the maturity rule reads from the register.

| service             | who                         | what it does                                                |
|---------------------|-----------------------------|-------------------------------------------------------------|
| my_entry            | the member                  | their entry (empty before they write it), their lots' seasons |
| community_choices   | the member                  | a page of the territories below the organization's          |
| set_community       | the member                  | a community chosen from the list, or typed (matched, else kept as typed) |
| set_production      | the member                  | what they produce, written one product a line (rules.register) |
| set_family_size     | the member                  | how many people their family has                            |
| set_gender          | the member                  | woman, man, another, prefers not to say: only ever counted  |
| confirm_entry       | the member                  | "still right": the entry counts as updated today            |
| write_entry         | the member                  | several parts at once (the desk's form), all or none        |
| checked_parts       | (write_entry; register_by_admin) | the parts' values, or every part refused               |
| register_facts      | (the maturity rule)         | members, current entries, shares of women, last update      |

Anyone but an approved member of the organization is refused "not_a_member", changing nothing. Each
change sets the entry's updated_at from market.clock and counts one more version; a change of the member's own
makes the entry theirs again (the name of an admin who wrote it, register_by_admin, goes). A member's entry stays
through leaving and re-joining (it belongs to the member row, which stays); erasing the person erases it
(market.services.people.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from market import clock
from market.enums import Gender, LotChangeReason, MemberRole, MembershipStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import LotChange, Member, MemberEntry, Organization, Territory
from market.rules.register import (
    MAX_FAMILY,
    MAX_LINES,
    MIN_FAMILY,
    EntryState,
    ProductionLine,
    Season,
    UnreadableLine,
    entry_state,
    parse_production,
    register_updated,
    seasons,
    women_share,
)
from market.text import search_key

APPROVED = MembershipStatus.APPROVED
COMMUNITY_PAGE = 8
MAX_COMMUNITY = 120
SEASON_YEARS = 2  # how far back a member's entry reads their lots' history
PRODUCED = (LotChangeReason.POSTED, LotChangeReason.ADDED, LotChangeReason.TAKEN)
TERRITORY_DEPTH = 3  # communities sit at most this many levels below an organization's territory


@dataclass(frozen=True)
class Entry:
    """A member's entry as the member (or an admin of their organization) reads it."""

    member_id: int
    organization_id: int
    organization_name: str
    person_name: str
    community: str  # the territory's name, or the name as typed; "" when not given
    production: tuple[ProductionLine, ...]
    family_size: int | None
    gender: Gender | None  # shown to the member themself only, never to the admins
    updated_at: datetime | None  # None: never written
    state: EntryState
    updated_on: date | None = None  # updated_at's day where the organization is
    seasons: tuple[Season, ...] = ()  # the last seasons their lots show (lot_seasons), on a single entry's screen
    version: int = 0  # how many times it was changed: 0, never written
    written_by: str | None = None  # the admin who wrote it for the member ("" once erased); None: the member did


@dataclass(frozen=True)
class Community:
    territory_id: int
    name: str


@dataclass(frozen=True)
class CommunityPage:
    organization_id: int
    items: tuple[Community, ...]
    offset: int
    next_offset: int | None


@dataclass(frozen=True)
class RegisterFacts:
    """What the register says about an organization, for the maturity rule (market.rules)."""

    producers: int  # approved members
    updated: int  # of whom, entries updated within 12 months
    register_updated: bool  # at least 80 % of them (market.rules.register.register_updated)
    women_share_producers: Decimal | None  # among approved members who declared a gender; None: nobody did
    women_share_board: Decimal | None  # among the board's admins who declared; None: nobody did
    last_update: datetime | None


async def my_entry(organization_id: int, *, person_id: int, now: datetime | None = None) -> Entry:
    member = await _approved_member(organization_id, person_id)
    return await get_entry(member, now=now)


async def get_entry(member_id: int, *, now: datetime | None = None) -> Entry:
    """An entry by its member (whoever asks was checked by the caller)."""
    row = await Member.filter(id=member_id).first().values(
        "id", "organization_id", "organization__name", "person__name", zone="organization__territory__time_zone")
    if row is None:
        raise NotFound("membership_not_found")
    entry = await MemberEntry.filter(member_id=member_id).first().values(*ENTRY_FIELDS)
    now = now or clock.now()
    return replace(entry_of(row, entry, now), seasons=await lot_seasons(member_id, row.get("zone") or "UTC", now))


async def lot_seasons(member_id: int, zone: str, now: datetime) -> tuple[Season, ...]:
    """The member's last seasons from their lots' history over SEASON_YEARS: what they posted, added and took away,
    by product and run of months (market.rules.register.seasons). Sales and stock given back are not production."""
    changes = await LotChange.filter(
        lot__member_id=member_id, reason__in=PRODUCED, at__gte=now - timedelta(days=366 * SEASON_YEARS),
    ).values_list("lot__offer__product__name", "lot__offer__unit", "at", "before", "after")
    return seasons([(product, unit, _day(at, zone), Decimal(after) - Decimal(before))
                    for product, unit, at, before, after in changes])


ENTRY_FIELDS = ("member_id", "community__name", "community_name", "production", "family_size", "gender",
                "updated_at", "version", "written_by_id", "written_by__name")


def entry_of(member: dict[str, Any], entry: dict[str, Any] | None, now: datetime) -> Entry:
    """An Entry from a member's row (id, organization_id, organization__name, person__name, zone) and its entry's
    (ENTRY_FIELDS, or None)."""
    entry = entry or {}
    updated_at = entry.get("updated_at")
    zone = member.get("zone") or "UTC"
    return Entry(
        member["id"], member["organization_id"], member["organization__name"], member["person__name"],
        entry.get("community__name") or entry.get("community_name") or "",
        tuple(ProductionLine(p["product"], Decimal(p["quantity"]), p["unit"], p.get("season", ""))
              for p in entry.get("production") or ()),
        entry.get("family_size"), Gender(entry["gender"]) if entry.get("gender") else None, updated_at,
        entry_state(_local_date(updated_at, zone), _day(now, zone)), _local_date(updated_at, zone),
        version=entry.get("version") or 0,
        written_by=None if entry.get("written_by_id") is None else entry.get("written_by__name") or "",
    )


def _local_date(moment: datetime | None, zone: str) -> date | None:
    return None if moment is None else _day(moment, zone)


def _day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


async def community_choices(organization_id: int, *, person_id: int, offset: int = 0,
                            limit: int = COMMUNITY_PAGE) -> CommunityPage:
    """A page of the places below the organization's territory, by name: the one small step another chooser
    (a territory tree) may replace."""
    await _approved_member(organization_id, person_id)
    places = await _places_below(organization_id)
    start = max(offset, 0)
    items = tuple(Community(t, name) for t, name in places[start:start + limit])
    return CommunityPage(organization_id, items, start, start + limit if len(places) > start + limit else None)


async def set_community(organization_id: int, *, person_id: int, territory_id: int | None = None,
                        typed: str | None = None) -> Entry:
    """The member's community: a territory of the list, or a typed name matched to one (accents and case aside),
    else kept as typed. Invalid "community_name_length" for an empty or too long name."""
    member = await _approved_member(organization_id, person_id)
    if typed is not None:
        await _save(member, **await _typed_community(organization_id, typed))
    else:
        if territory_id not in dict(await _places_below(organization_id)):
            raise NotFound("territory_not_found")
        await _save(member, community_id=territory_id, community_name="")
    return await get_entry(member)


async def _typed_community(organization_id: int, typed: str) -> dict[str, Any]:
    """A typed community's values: the territory it names (accents and case aside), else the name as typed."""
    name = " ".join(typed.split())
    if not 0 < len(name) <= MAX_COMMUNITY:
        raise Invalid("community_name_length", max=MAX_COMMUNITY)
    key = search_key(name)
    places = await _places_below(organization_id)
    territory_id = next((t for t, n in places if search_key(n) == key), None)
    return {"community_id": territory_id, "community_name": "" if territory_id else name}


async def set_production(organization_id: int, text: str, *, person_id: int, locale: str = "es") -> Entry:
    """What the member produces, one product a line; Invalid "production_line_unreadable" naming the first line
    not read (nothing saved), "production_too_many_lines" past MAX_LINES."""
    member = await _approved_member(organization_id, person_id)
    await _save(member, production=_production(text, locale))
    return await get_entry(member)


def _production(text: str, locale: str) -> list[dict[str, str]]:
    lines = parse_production(text, locale)
    if not lines:
        raise Invalid("production_line_unreadable", line=1)
    if len(lines) > MAX_LINES:
        raise Invalid("production_too_many_lines", max=MAX_LINES)
    bad = next((line for line in lines if isinstance(line, UnreadableLine)), None)
    if bad is not None:
        raise Invalid("production_line_unreadable", line=bad.line)
    return [{"product": p.product, "quantity": str(p.quantity), "unit": p.unit, "season": p.season}
            for p in lines if isinstance(p, ProductionLine)]


async def set_family_size(organization_id: int, size: int, *, person_id: int) -> Entry:
    member = await _approved_member(organization_id, person_id)
    await _save(member, family_size=_family_size(size))
    return await get_entry(member)


def _family_size(size: int) -> int:
    if not MIN_FAMILY <= size <= MAX_FAMILY:
        raise Invalid("family_size_invalid", min=MIN_FAMILY, max=MAX_FAMILY)
    return size


async def set_gender(organization_id: int, gender: Gender, *, person_id: int) -> Entry:
    member = await _approved_member(organization_id, person_id)
    await _save(member, gender=gender)
    return await get_entry(member)


async def confirm_entry(organization_id: int, *, person_id: int) -> Entry:
    """The member says their entry is still right: it counts as updated now."""
    member = await _approved_member(organization_id, person_id)
    await _save(member)
    return await get_entry(member)


class EntryNotWritten(Exception):
    """write_entry's refusal: each part refused, by its name (community, production, family_size); nothing saved."""

    def __init__(self, refused: dict[str, Invalid]) -> None:
        super().__init__(refused)
        self.refused = refused


async def write_entry(organization_id: int, *, person_id: int, community: str | None = None,
                      production: str | None = None, family_size: int | None = None, gender: Gender | None = None,
                      locale: str = "es") -> Entry:
    """Several parts of the member's own entry at once, a part left None unchanged; each part is checked as its
    step checks it (set_community typed, set_production, set_family_size), and when any is refused,
    EntryNotWritten names every one refused and nothing is saved. With every part None it is confirm_entry."""
    member = await _approved_member(organization_id, person_id)
    values = await checked_parts(organization_id, community=community, production=production,
                                 family_size=family_size, locale=locale)
    if gender is not None:
        values["gender"] = gender
    await _save(member, **values)
    return await get_entry(member)


async def checked_parts(organization_id: int, *, community: str | None, production: str | None,
                        family_size: int | None, locale: str) -> dict[str, Any]:
    """The entry's columns for the parts given (None: left as they are), each checked as its step checks it;
    EntryNotWritten naming every part refused."""
    values: dict[str, Any] = {}
    refused: dict[str, Invalid] = {}
    if community is not None:
        try:
            values.update(await _typed_community(organization_id, community))
        except Invalid as refusal:
            refused["community"] = refusal
    if production is not None:
        try:
            values["production"] = _production(production, locale)
        except Invalid as refusal:
            refused["production"] = refusal
    if family_size is not None:
        try:
            values["family_size"] = _family_size(family_size)
        except Invalid as refusal:
            refused["family_size"] = refusal
    if refused:
        raise EntryNotWritten(refused)
    return values


async def register_facts(organization_id: int, now: datetime) -> RegisterFacts:
    """The register's evidence for the maturity rule: how many approved members, how many current entries, the
    shares of women (among producers and on the board) from their own declarations, the last update."""
    members = await Member.filter(organization_id=organization_id, status=APPROVED).values(
        "id", "role", zone="organization__territory__time_zone")
    entries = {e["member_id"]: e for e in await MemberEntry.filter(
        member_id__in=[m["id"] for m in members]).values("member_id", "gender", "updated_at")}
    zone = members[0]["zone"] if members else "UTC"
    today = _day(now, zone)
    current = sum(1 for m in members if m["id"] in entries and entry_state(
        _local_date(entries[m["id"]]["updated_at"], zone), today) == EntryState.CURRENT)

    def gender(member: dict[str, Any]) -> Gender | None:
        value = entries.get(member["id"], {}).get("gender")
        return Gender(value) if value else None

    return RegisterFacts(
        producers=len(members), updated=current, register_updated=register_updated(len(members), current),
        women_share_producers=women_share([gender(m) for m in members]),
        women_share_board=women_share([gender(m) for m in members if m["role"] == MemberRole.ADMIN]),
        last_update=max((e["updated_at"] for e in entries.values()), default=None),
    )


async def _approved_member(organization_id: int, person_id: int) -> int:
    member = await Member.filter(organization_id=organization_id, person_id=person_id, status=APPROVED).first(
    ).values("id")
    if member is None:
        raise Forbidden("not_a_member", organization_id=organization_id)
    return int(member["id"])


async def _places_below(organization_id: int) -> list[tuple[int, str]]:
    """(id, name) of the territories below the organization's, down to TERRITORY_DEPTH levels, by name."""
    row = await Organization.filter(id=organization_id).first().values("territory_id")
    if row is None:
        return []
    found: list[tuple[int, str]] = []
    parents = [row["territory_id"]]
    for _ in range(TERRITORY_DEPTH):
        children = await Territory.filter(parent_id__in=parents).values_list("id", "name")
        found += [(int(t), str(n)) for t, n in children]
        parents = [t for t, _ in children]
        if not parents:
            break
    return sorted(found, key=lambda place: (search_key(place[1]), place[0]))


async def _save(member_id: int, **values: Any) -> None:
    """Write the member's own changes (creating the entry on the first), updated now: the entry is theirs again."""
    now = clock.now()
    values["written_by_id"] = None
    if await MemberEntry.filter(member_id=member_id).update(updated_at=now, version=F("version") + 1, **values):
        return
    try:
        async with in_transaction():  # a savepoint: the first save of two at once loses nothing
            await MemberEntry.create(member_id=member_id, updated_at=now, version=1, **values)
    except IntegrityError:
        await MemberEntry.filter(member_id=member_id).update(updated_at=now, version=F("version") + 1, **values)
