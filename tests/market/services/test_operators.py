"""Operators: named from the command line or by another operator, removed (kept as history), never the last one;
what waits for them, their decisions recorded; the categories they make and rename."""

from datetime import timedelta

import pytest

from market import clock
from market.enums import DecisionKind, MemberRole, MembershipStatus, OrganizationStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import Category, Decision, Member, Notification, Operator, Organization, Person
from market.services.catalog.categories import get_category_names
from market.services.catalog.version import current_catalog_version
from market.services.operators import categories, decisions, roles
from market.services.operators.roles import COMMAND_LINE
from market.services.people.privacy import forget_person, what_we_keep
from tests.market.services.shop import Shop, make_person

ORG = DecisionKind.ORGANIZATION


async def pending_organization(shop: Shop, slug: str = "coop-nueva", name: str = "Cooperativa Nueva", *,
                               admin: str = "Lidia Mamani", telegram_user_id: int = 3001) -> int:
    """An organization that waits for an operator, with the admin who asked for it."""
    organization = await Organization.create(
        slug=slug, name=name, legal_form="cooperative", maturity="embryonic", territory_id=shop.territory_id,
        tax_number="1020304050", description="Quinua de Salinas",
    )
    asked_by = await make_person(admin, telegram_user_id=telegram_user_id)
    await Member.create(organization=organization, person_id=asked_by, role=MemberRole.ADMIN,
                        status=MembershipStatus.APPROVED)
    return organization.id


@pytest.fixture
async def omar(db) -> int:
    """Omar, the first operator, named from the command line (Telegram 4001)."""
    person = await make_person("Omar Vaca", telegram_user_id=4001)
    await roles.add_operator(person, by=COMMAND_LINE)
    return person


# Roles -------------------------------------------------------------------------------------------------------

async def test_the_first_operator_is_named_from_the_command_line_and_told_in_the_chat(db):
    omar = await make_person("Omar Vaca", telegram_user_id=4001)

    named = await roles.add_operator(omar, by=COMMAND_LINE)

    assert named.named_now and named.person.name == "Omar Vaca" and named.named_by_name is None
    assert await roles.is_operator(omar)
    [told] = await Notification.all().values("chat_id", "template", "params")
    assert told == {"chat_id": 4001, "template": "operator_named", "params": {"operator_id": named.id}}


async def test_an_operator_names_another_and_naming_twice_names_once(omar):
    olga = await make_person("Olga", telegram_user_id=4002)

    first = await roles.add_operator(olga, by=omar)
    again = await roles.add_operator(olga, by=omar)

    assert first.named_now and not again.named_now and first.id == again.id
    assert first.named_by_name == "Omar Vaca"
    assert await Operator.filter(person_id=olga).count() == 1
    assert await Notification.filter(chat_id=4002).count() == 1


async def test_a_person_who_is_not_an_operator_names_nobody(omar):
    rosa, olga = await make_person("Rosa"), await make_person("Olga")

    with pytest.raises(Forbidden) as refused:
        await roles.add_operator(olga, by=rosa)

    assert refused.value.code == "not_an_operator"
    assert not await roles.is_operator(olga)


async def test_a_person_is_found_by_telegram_id_or_username_only_once_they_wrote_to_the_bot(omar):
    olga = await make_person("Olga", telegram_user_id=4002)
    await Person.filter(id=olga).update(username="OlgaSpg")

    assert (await roles.find_person_by_telegram_id(4002)).id == olga
    assert (await roles.find_person_by_username("@olgaspg")).id == olga
    with pytest.raises(NotFound) as unknown:
        await roles.find_person_by_telegram_id(999_999)
    assert (unknown.value.code, unknown.value.params) == ("person_not_started", {"telegram_user_id": 999_999})
    with pytest.raises(NotFound) as nobody:
        await roles.find_person_by_username("@nadie")
    assert nobody.value.code == "username_unknown"


async def test_removing_ends_the_role_and_keeps_it_as_history(omar, feria_clock):
    olga = await make_person("Olga", telegram_user_id=4002)
    await roles.add_operator(olga, by=omar)
    feria_clock.freeze(clock.now() + timedelta(days=3))

    removed = await roles.remove_operator(olga, by=omar)

    assert removed.removed_at == clock.now() and removed.removed_by_name == "Omar Vaca"
    current = await roles.list_operators(by=omar)
    history = await roles.list_operators(by=COMMAND_LINE, include_removed=True)
    assert [o.person.name for o in current.items] == ["Omar Vaca"]
    assert [(o.person.name, o.removed_at is not None) for o in history.items] == [("Omar Vaca", False), ("Olga", True)]
    assert not await roles.is_operator(olga)


async def test_the_last_operator_cannot_be_removed_by_anyone(omar):
    before = await Operator.all().values()

    for by in (omar, COMMAND_LINE):
        with pytest.raises(Conflict) as refused:
            await roles.remove_operator(omar, by=by)
        assert refused.value.code == "last_operator"

    assert await Operator.all().values() == before


async def test_an_operator_may_step_down_while_another_remains(omar):
    olga = await make_person("Olga", telegram_user_id=4002)
    await roles.add_operator(olga, by=omar)

    await roles.remove_operator(omar, by=omar)

    assert [o.person.id for o in (await roles.list_operators(by=olga)).items] == [olga]
    with pytest.raises(Forbidden):
        await roles.list_operators(by=omar)


async def test_the_operators_are_listed_a_page_at_a_time(omar):
    for n in range(3):
        await roles.add_operator(await make_person(f"Operador {n}"), by=omar)

    first = await roles.list_operators(by=omar, limit=2)
    second = await roles.list_operators(by=omar, limit=2, after=first.next_after)

    assert [o.person.name for o in first.items + second.items] == ["Omar Vaca", "Operador 0", "Operador 1",
                                                                   "Operador 2"]
    assert second.next_after is None


async def test_the_last_operator_may_not_delete_their_data_and_another_ends_their_role_by_deleting(omar):
    with pytest.raises(Conflict) as refused:
        await forget_person(omar, now=clock.now())
    olga = await make_person("Olga", telegram_user_id=4002)
    await roles.add_operator(olga, by=omar)
    kept = await what_we_keep(omar)

    await forget_person(omar, now=clock.now())

    assert refused.value.code == "forget_last_operator" and kept.operator
    role = await Operator.get(person_id=omar)
    assert role.removed_at is not None and role.removed_by_id == omar
    assert [o.person.id for o in (await roles.list_operators(by=olga)).items] == [olga]


# Decisions ------------------------------------------------------------------------------------------------

async def test_the_queue_counts_what_waits_of_each_kind_and_pages_it_oldest_first(shop, omar):
    first = await pending_organization(shop)
    second = await pending_organization(shop, "coop-otra", "Cooperativa Otra", admin="Eva", telegram_user_id=3002)

    counts = await decisions.queue_counts(by_person_id=omar)
    page = await decisions.pending_page(ORG, by_person_id=omar, limit=1)
    rest = await decisions.pending_page(ORG, by_person_id=omar, limit=1, after=page.next_after)

    assert [(c.kind, c.waiting) for c in counts] == [
        (ORG, 2), (DecisionKind.PGS_NETWORK, 0), (DecisionKind.TERRITORY, 0), (DecisionKind.CATEGORY, 0)]
    assert [p.id for p in page.items + rest.items] == [first, second] and rest.next_after is None
    assert page.items[0].asked_by == ("Lidia Mamani",) and page.items[0].tax_number == "1020304050"


async def test_approving_makes_the_organization_public_records_who_and_tells_its_admin(shop, omar, feria_clock):
    feria_clock.freeze(clock.now())
    organization = await pending_organization(shop)
    version = await current_catalog_version()

    decision = await decisions.decide(ORG, organization, approve=True, by_person_id=omar)

    assert (await Organization.get(id=organization)).status == OrganizationStatus.APPROVED
    assert (decision.approved, decision.by_name, decision.subject_name, decision.reason) == (
        True, "Omar Vaca", "Cooperativa Nueva", "")
    assert decision.at == clock.now() and await current_catalog_version() > version
    told = await Notification.filter(template="decision_made").values("chat_id", "params")
    assert told == [{"chat_id": 3001, "params": {"decision_id": decision.id}}]
    assert (await decisions.queue_counts(by_person_id=omar))[0].waiting == 0


async def test_refusing_needs_a_reason_and_keeps_it(shop, omar):
    organization = await pending_organization(shop)

    with pytest.raises(Invalid) as unexplained:
        await decisions.decide(ORG, organization, approve=False, reason="  ", by_person_id=omar)
    decision = await decisions.decide(ORG, organization, approve=False, reason="Falta la personería jurídica",
                                      by_person_id=omar)

    assert unexplained.value.code == "reason_missing"
    assert (await Organization.get(id=organization)).status == OrganizationStatus.REFUSED
    assert decision.reason == "Falta la personería jurídica" and not decision.approved
    assert [d.id for d in await decisions.decisions_about(ORG, organization, by_person_id=omar)] == [decision.id]


async def test_the_first_decision_stands_and_a_second_changes_nothing(shop, omar):
    organization = await pending_organization(shop)
    olga = await make_person("Olga", telegram_user_id=4002)
    await roles.add_operator(olga, by=omar)
    await decisions.decide(ORG, organization, approve=True, by_person_id=omar)

    with pytest.raises(Conflict) as late:
        await decisions.decide(ORG, organization, approve=False, reason="No", by_person_id=olga)

    assert (late.value.code, late.value.params) == ("already_decided", {"name": "Cooperativa Nueva"})
    assert (await Organization.get(id=organization)).status == OrganizationStatus.APPROVED
    assert await Decision.all().count() == 1


@pytest.mark.parametrize(("kind", "subject", "code"), [
    (ORG, 10**6, "decision_subject_not_found"),
    (ORG, 2**40, "decision_subject_not_found"),
    (DecisionKind.TERRITORY, 1, "decision_subject_not_found"),
])
async def test_deciding_on_nothing_that_waits_is_refused(shop, omar, kind, subject, code):
    with pytest.raises(NotFound) as refused:
        await decisions.decide(kind, subject, approve=True, by_person_id=omar)

    assert refused.value.code == code and await Decision.all().count() == 0


async def test_only_operators_see_the_queue_and_decide(shop, omar):
    organization = await pending_organization(shop)

    for call in (decisions.queue_counts(by_person_id=shop.admin_id),
                 decisions.pending_page(ORG, by_person_id=shop.admin_id),
                 decisions.decide(ORG, organization, approve=True, by_person_id=shop.admin_id)):
        with pytest.raises(Forbidden):
            await call

    assert (await Organization.get(id=organization)).status == OrganizationStatus.PENDING


# Categories -----------------------------------------------------------------------------------------------

NAMES = {"es": "Semillas nativas", "pt_BR": "Sementes crioulas", "en": "Native seeds"}


async def test_an_operator_adds_a_category_with_its_names_last_in_the_catalogs_order(omar):
    await Category.create(code="vegetables", position=3)
    version = await current_catalog_version()

    added = await categories.add_category(" Semillas ", NAMES, by_person_id=omar)

    assert (added.code, dict(added.stored)) == ("semillas", NAMES)
    assert (await Category.get(code="semillas")).position == 4
    assert await current_catalog_version() > version


@pytest.mark.parametrize(("code", "names", "refusal"), [
    ("2x", NAMES, "category_code_invalid"),
    ("vegetables", NAMES, "category_exists"),
    ("semillas", {**NAMES, "en": ""}, "category_name_invalid"),
    ("semillas", {**NAMES, "pt_BR": "=1+1"}, "category_name_invalid"),
])
async def test_a_bad_category_is_refused_and_nothing_is_added(omar, code, names, refusal):
    await Category.create(code="vegetables")

    with pytest.raises((Invalid, Conflict)) as refused:
        await categories.add_category(code, names, by_person_id=omar)

    assert refused.value.code == refusal and await Category.all().count() == 1


async def test_an_operator_renames_a_category_in_one_language(omar):
    await Category.create(code="vegetables")

    renamed = await categories.rename_category("vegetables", "es", "Verduras de temporada", by_person_id=omar)

    assert dict(renamed.stored) == {"es": "Verduras de temporada"}
    assert (await get_category_names("vegetables")).stored == {"es": "Verduras de temporada"}
    with pytest.raises(NotFound):
        await categories.rename_category("nada", "es", "Nada", by_person_id=omar)
    with pytest.raises(Invalid):
        await categories.rename_category("vegetables", "fr", "Légumes", by_person_id=omar)


async def test_only_operators_manage_categories(db):
    rosa = await make_person("Rosa")
    await Category.create(code="vegetables")

    for call in (categories.add_category("semillas", NAMES, by_person_id=rosa),
                 categories.rename_category("vegetables", "es", "Verduras", by_person_id=rosa)):
        with pytest.raises(Forbidden):
            await call

    assert await Category.all().values("code", "name_es") == [{"code": "vegetables", "name_es": None}]
