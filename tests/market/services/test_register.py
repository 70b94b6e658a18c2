"""The member register: each member's own entry, the admins' list, totals and CSV, the yearly reminder, the
membership history, and erasing."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from market.enums import Gender, MemberRole, MembershipStatus, TerritoryLevel
from market.errors import Conflict, FeriaError, Forbidden, Invalid
from market.models import Member, MemberEntry, MembershipEvent, Notification, Organization, Territory
from market.presentation.i18n import Translator
from market.presentation.sheets import sheet_csv
from market.services.organizations import producers, register
from market.services.organizations.register_notices import owe_register_reminders
from market.services.organizations.register_views import register_page, register_sheet, register_totals
from market.services.people.privacy import forget_person
from tests.market.services.shop import Shop, make_person
from tests.support.clock import NOW


async def add_member(shop: Shop, name: str, role: MemberRole = MemberRole.PRODUCER) -> int:
    person_id = await make_person(name, telegram_user_id=7000 + await Member.all().count())
    await Member.create(organization_id=shop.organization_id, person_id=person_id, role=role,
                        status=MembershipStatus.APPROVED)
    return person_id


async def test_a_producer_fills_their_entry_and_a_typed_community_matches_a_listed_one_accents_aside(shop):
    territory = await Territory.get(id=(await Organization.get(id=shop.organization_id)).territory_id)
    await Territory.create(code="t-san-isidro", name="San Isidro", level=TerritoryLevel.COMMUNITY, parent=territory,
                           country_code="BO", currency="BOB", time_zone="America/La_Paz")
    me = shop.producer_id

    await register.set_community(shop.organization_id, person_id=me, typed="  san ISIDRO ")
    await register.set_production(shop.organization_id, "papa 20 qq, mayo a julio\nmiel 30 kg", person_id=me)
    await register.set_family_size(shop.organization_id, 5, person_id=me)
    entry = await register.set_gender(shop.organization_id, Gender.WOMAN, person_id=me)

    assert (entry.community, entry.family_size, entry.gender) == ("San Isidro", 5, Gender.WOMAN)
    assert [(p.product, p.quantity, p.unit, p.season) for p in entry.production] == [
        ("papa", Decimal(20), "quintal", "mayo a julio"), ("miel", Decimal(30), "kg", "")]
    assert entry.updated_at is not None and NOW <= entry.updated_at < NOW + timedelta(minutes=1)  # market.clock
    assert (await MemberEntry.get(member__person_id=me)).community_name == ""  # the territory, not the text


async def test_an_entry_written_at_once_names_every_part_refused_and_saves_none(shop):
    me = shop.producer_id

    with pytest.raises(register.EntryNotWritten) as refused:
        await register.write_entry(shop.organization_id, person_id=me, community="x" * 121, production="miel 30 kg\nmaíz",
                                   family_size=0, gender=Gender.WOMAN)

    assert {name: (e.code, e.params) for name, e in refused.value.refused.items()} == {
        "community": ("community_name_length", {"max": 120}),
        "production": ("production_line_unreadable", {"line": 2}),
        "family_size": ("family_size_invalid", {"min": 1, "max": 40})}
    assert not await MemberEntry.exists(member__person_id=me)


async def test_an_entry_written_at_once_saves_every_part_given_and_leaves_the_others(shop):
    me = shop.producer_id
    await register.set_family_size(shop.organization_id, 4, person_id=me)

    entry = await register.write_entry(shop.organization_id, person_id=me, community="Los Negros",
                                       production="papa 20 qq, mayo a julio", gender=Gender.ANOTHER)

    assert (entry.community, entry.family_size, entry.gender) == ("Los Negros", 4, Gender.ANOTHER)
    assert [(p.product, p.quantity, p.unit) for p in entry.production] == [("papa", Decimal(20), "quintal")]
    with pytest.raises(Forbidden):
        await register.write_entry(shop.organization_id, person_id=await make_person("Nadie"), family_size=3)


async def test_a_bad_line_refuses_the_whole_production_and_changes_nothing(shop):
    await register.set_production(shop.organization_id, "papa 20 qq", person_id=shop.producer_id)

    with pytest.raises(Invalid) as refused:
        await register.set_production(shop.organization_id, "miel 30 kg\nmaíz", person_id=shop.producer_id)

    assert (refused.value.code, refused.value.params) == ("production_line_unreadable", {"line": 2})
    entry = await register.my_entry(shop.organization_id, person_id=shop.producer_id)
    assert [p.product for p in entry.production] == ["papa"]


@pytest.mark.parametrize("who", ["pending", "stranger"])
async def test_only_an_approved_member_keeps_an_entry(shop, who):
    person_id = shop.pending_producer_id if who == "pending" else await make_person("Nadie")

    with pytest.raises(Forbidden, match="not_a_member"):
        await register.set_family_size(shop.organization_id, 4, person_id=person_id)

    assert await MemberEntry.all().count() == 0


async def test_the_totals_count_women_among_those_who_declared_and_on_the_board_never_per_person(shop):
    ana, eva = await add_member(shop, "Ana"), await add_member(shop, "Eva")
    for person_id, gender in ((shop.admin_id, Gender.WOMAN), (shop.producer_id, Gender.MAN), (ana, Gender.WOMAN),
                              (eva, Gender.UNDISCLOSED)):
        await register.set_gender(shop.organization_id, gender, person_id=person_id)
    await register.set_family_size(shop.organization_id, 4, person_id=ana)

    totals = await register_totals(shop.organization_id, by_person_id=shop.admin_id)
    facts = await register.register_facts(shop.organization_id, NOW)
    page = await register_page(shop.organization_id, by_person_id=shop.admin_id)

    assert (facts.producers, facts.updated, facts.register_updated) == (4, 4, True)
    assert facts.women_share_producers == Decimal("0.6667")  # 2 of the 3 who declared
    assert facts.women_share_board == Decimal("1.0000")
    assert facts.last_update is not None and facts.last_update >= NOW
    assert (totals.families, totals.family_sizes_given, totals.declared_producers, totals.declared_board) == (
        4, 1, 3, 1)
    assert {e.gender for e in page.entries} == {None}  # the admins' list never carries it


async def test_register_facts_say_nobody_declared_and_the_register_is_stale_a_year_on(shop):
    await register.set_family_size(shop.organization_id, 3, person_id=shop.producer_id)

    facts = await register.register_facts(shop.organization_id, NOW + timedelta(days=366))

    assert (facts.producers, facts.updated, facts.register_updated) == (2, 0, False)
    assert facts.women_share_producers is None and facts.women_share_board is None


async def test_the_csv_quotes_formula_looking_cells_and_has_no_gender(shop):
    await register.set_community(shop.organization_id, person_id=shop.producer_id, typed="=HYPERLINK(\"x\")")
    await register.set_production(shop.organization_id, "papa 20 qq, @temporada\nmiel 30 kg", person_id=shop.producer_id)
    await register.set_gender(shop.organization_id, Gender.WOMAN, person_id=shop.producer_id)

    text = sheet_csv(await register_sheet(shop.organization_id, by_person_id=shop.admin_id), Translator("en"))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))

    assert rows[0] == ["member", "role", "community", "family size", "product", "quantity", "unit", "season",
                       "updated on"]
    assert not any("gender" in cell or "woman" in cell for row in rows for cell in row)
    mine = [row for row in rows if row[0] == "OECA Valles de Comarapa member 2"]
    assert mine == [
        ["OECA Valles de Comarapa member 2", "producer", "'=HYPERLINK(\"x\")", "", "papa", "20", "quintal",
         "'@temporada", "2026-11-21"],
        ["OECA Valles de Comarapa member 2", "producer", "'=HYPERLINK(\"x\")", "", "miel", "30", "kg", "",
         "2026-11-21"],
    ]
    assert [row[0] for row in rows[1:]].count("OECA Valles de Comarapa member 1") == 1  # no entry: one row


async def test_the_stale_view_lists_those_not_updated_in_twelve_months(shop):
    await register.set_family_size(shop.organization_id, 3, person_id=shop.producer_id)

    now_page = await register_page(shop.organization_id, by_person_id=shop.admin_id, stale_only=True)
    later = await register_page(shop.organization_id, by_person_id=shop.admin_id, stale_only=True,
                                now=NOW + timedelta(days=400))

    assert [e.person_name for e in now_page.entries] == ["OECA Valles de Comarapa member 1"]  # never written
    assert len(later.entries) == 2 and later.not_current == 2


async def test_a_member_is_reminded_once_thirteen_months_after_the_update_and_not_again_the_same_year(shop):
    await register.set_family_size(shop.organization_id, 3, person_id=shop.producer_id)
    await register.set_family_size(shop.organization_id, 2, person_id=shop.admin_id)
    later = NOW + timedelta(days=396)

    before = await owe_register_reminders(NOW + timedelta(days=300))
    owed = await owe_register_reminders(later)
    again = await owe_register_reminders(later + timedelta(hours=1))

    assert (before, owed, again) == (0, 2, 0)
    assert set(await Notification.filter(template="register_reminder").values_list("person_id", flat=True)) == {
        shop.producer_id, shop.admin_id}


async def test_leaving_refusing_and_rejoining_keep_the_member_row_the_entry_and_the_history(shop):
    me, admin = shop.producer_id, shop.admin_id
    await register.set_family_size(shop.organization_id, 3, person_id=me)
    code = await producers.producer_invite_code(shop.organization_id, by_person_id=admin)

    await producers.leave_organization(shop.organization_id, person_id=me)
    asked = await producers.request_membership(code, person_id=me)
    await producers.decide_membership(asked.id, approve=False, by_person_id=admin)
    await producers.request_membership(code, person_id=me)
    back = await producers.decide_membership(asked.id, approve=True, by_person_id=admin)

    assert back.status == MembershipStatus.APPROVED and await Member.filter(person_id=me).count() == 1
    assert (await register.my_entry(shop.organization_id, person_id=me)).family_size == 3
    events = await MembershipEvent.filter(person_id=me).order_by("id").values_list("kind", "by_person_id")
    assert events == [("left", me), ("requested_again", me), ("refused", admin),
                      ("requested_again", me), ("approved", admin)]


async def test_an_admin_steps_down_before_leaving(shop):
    with pytest.raises(Conflict, match="leave_board_first"):
        await producers.leave_organization(shop.organization_id, person_id=shop.admin_id)


async def test_erasing_a_person_erases_their_entry_and_keeps_a_nameless_left_step(shop):
    await register.set_gender(shop.organization_id, Gender.WOMAN, person_id=shop.producer_id)

    await forget_person(shop.producer_id, now=NOW)

    assert await MemberEntry.all().count() == 0
    assert await MembershipEvent.filter(person_id=shop.producer_id).order_by("-id").first().values_list(
        "kind", flat=True) == "left"


async def test_anyone_but_an_admin_is_refused_the_register_and_its_export(shop):
    for person_id in (shop.producer_id, shop.pending_producer_id):
        for read in (register_page, register_totals, register_sheet):
            with pytest.raises(FeriaError, match="not_an_admin"):
                await read(shop.organization_id, by_person_id=person_id)
