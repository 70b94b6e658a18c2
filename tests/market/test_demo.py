"""The demo seed writes a believable network once, in one transaction, and nothing more after."""

import datetime as dt
from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

import market.demo.seed as seed_module
from market.db import close_database, open_database
from market.demo.organizations import ORGANIZATIONS
from market.demo.rows import URL_SAFE, demo_code
from market.demo.seed import SEEDED_MODELS, seed_demo
from market.enums import (
    BoardRole,
    GroupRole,
    LegalForm,
    MarketLevel,
    Maturity,
    MaturityCriterion,
    MemberRole,
    MembershipStatus,
    NetworkStatus,
    OfferStatus,
    OrganizationStatus,
    ReviewDecision,
    ReviewerRole,
    RoundStatus,
    SealEventKind,
    SealStatus,
    TerritoryLevel,
)
from market.models import (
    BoardRecord,
    FairPrice,
    GroupMember,
    MaturityChange,
    Member,
    MemberOrderRow,
    Offer,
    Operator,
    OrderRound,
    Organization,
    PeerReview,
    PeerReviewSignature,
    Person,
    PgsChecklist,
    PgsNetwork,
    PgsNorm,
    PgsReviewer,
    PriceObservation,
    Product,
    PurchasingGroup,
    RoundOffer,
    Seal,
    SealEvent,
    Territory,
    UnitConversion,
)
from market.seal_codes import ALPHABET, is_valid_seal_code
from market.services.organizations.maturity import get_maturity
from market.text import search_key
from tests.support.clock import NOW, TODAY

START_OF_TODAY = dt.datetime.combine(TODAY, dt.time(0), dt.timezone.utc)
CANONICAL_UNITS = {
    "kg", "g", "lb", "quintal", "arroba", "l", "ml", "unit", "dozen", "bunch", "bag", "sack", "box", "jar", "bottle"
}
LEVEL_RANK = {TerritoryLevel.COMMUNITY: 0, TerritoryLevel.MUNICIPALITY: 1, TerritoryLevel.REGION: 2,
              TerritoryLevel.COUNTRY: 3}


@pytest.fixture
async def seeded(seeded) -> AsyncIterator[dict[str, int]]:
    """The ORM open on this test's copy of the demo as `seed_demo(TODAY)` wrote it (seeded once a session, as
    the flow tests have it: seeding costs about a second a test); how many rows of each model it holds, as
    `seed_demo` returns them."""
    url = await seeded(lambda: seed_demo(TODAY), ("demo", TODAY))
    ctx = await open_database(url)
    yield {model.__name__: await model.all().count() for model in SEEDED_MODELS}
    await close_database(ctx)


def read_status(seal: Seal) -> SealStatus:
    """What a buyer sees: a granted seal past its valid_until reads as expired."""
    if seal.status == SealStatus.GRANTED and seal.valid_until < TODAY:
        return SealStatus.EXPIRED
    return seal.status


async def test_the_demo_spans_three_countries_with_their_currencies_and_time_zones(seeded):
    countries = await Territory.filter(level=TerritoryLevel.COUNTRY).values_list(
        "country_code", "currency", "time_zone"
    )

    assert {
        ("BO", "BOB", "America/La_Paz"), ("MX", "MXN", "America/Mexico_City"), ("BR", "BRL", "America/Sao_Paulo")
    } <= set(countries)


async def test_every_place_hangs_from_its_country_through_levels_above_it(seeded):
    territories = {t.id: t for t in await Territory.all()}

    for territory in territories.values():
        place = territory
        while place.parent_id is not None:
            parent = territories[place.parent_id]
            assert LEVEL_RANK[parent.level] > LEVEL_RANK[place.level]
            assert (parent.country_code, parent.currency, parent.time_zone) == (
                territory.country_code, territory.currency, territory.time_zone
            )
            place = parent
        assert place.level == TerritoryLevel.COUNTRY
    for level in TerritoryLevel:
        assert any(t.level == level for t in territories.values())


async def test_a_quintal_and_an_arroba_weigh_what_they_weigh_in_each_country(seeded):
    conversions = await UnitConversion.all().values_list("territory__code", "unit", "base_unit", "factor")

    weights = {(code, unit): factor for code, unit, base, factor in conversions if base == "kg"}
    assert weights[("bo", "quintal")] == Decimal("46")
    assert weights[("bo", "arroba")] == Decimal("11.5")
    assert weights[("br", "arroba")] == Decimal("15")


async def test_organizations_cover_every_legal_form_and_maturity_level(seeded):
    organizations = await Organization.all()

    assert len(organizations) >= 6
    assert {o.legal_form for o in organizations} >= {
        LegalForm.COOPERATIVE, LegalForm.ASSOCIATION, LegalForm.OECA, LegalForm.CORACA,
        LegalForm.COMMUNITY_ENTERPRISE, LegalForm.COLLECTIVE,
    }
    # The rule reads the level from the demo's evidence: each organization reaches the level it was built for, but
    # where the demo lacks one piece of evidence (a valid seal, prices published lately): the page names that piece.
    assert {o.maturity for o in organizations} == set(Maturity)
    built = {spec.slug: spec.maturity for spec in ORGANIZATIONS}
    for organization in organizations:
        view = await get_maturity(organization.id, now=dt.datetime.combine(TODAY, dt.time(12), dt.timezone.utc))
        assert view.level == organization.maturity
        if built[organization.slug] != Maturity.CONSOLIDATED:
            assert organization.maturity == built[organization.slug]
            continue
        assert {MaturityCriterion.MEMBER_REGISTER, MaturityCriterion.WOMEN_ON_BOARD, MaturityCriterion.WOMEN_PRODUCERS,
                MaturityCriterion.ASSEMBLY, MaturityCriterion.FUND_ACCOUNTS} <= set(view.met)
        assert organization.maturity == Maturity.CONSOLIDATED or len(view.raise_by) == 1
    changes = await MaturityChange.exclude(to_level=Maturity.EMBRYONIC).count()
    assert changes == sum(1 for o in organizations if o.maturity != Maturity.EMBRYONIC)


async def test_only_organizations_past_the_embryonic_level_have_an_invented_tax_number(seeded):
    organizations = await Organization.all()

    for organization in organizations:
        assert (organization.tax_number is not None) == (organization.maturity != Maturity.EMBRYONIC)
        assert organization.tax_number is None or organization.tax_number.startswith("DEMO-")
        assert Decimal("0") < organization.solidarity_fund_rate < Decimal("0.1")
        assert organization.description


async def test_every_organization_has_an_approved_admin_and_producers(seeded):
    """The one waiting for an operator (registered in the chat) has only the admin who registered it."""
    waiting = await Organization.filter(status=OrganizationStatus.PENDING).values_list("id", flat=True)
    members = await Member.all().values_list("organization_id", "role", "status")

    roles = defaultdict(list)
    for organization_id, role, status in members:
        assert status == MembershipStatus.APPROVED
        roles[organization_id].append(role)
    assert set(roles) == set(await Organization.all().values_list("id", flat=True))
    for organization_id, organization_roles in roles.items():
        assert organization_roles.count(MemberRole.ADMIN) == 1
        assert organization_roles.count(MemberRole.PRODUCER) >= (0 if organization_id in waiting else 2)
    assert len(waiting) == 1


async def test_the_demo_has_an_operator_named_by_nobody_and_a_network_waiting_for_a_decision(seeded):
    operators = await Operator.filter(removed_at__isnull=True).values_list("person__name", "named_by_id")
    waiting = await PgsNetwork.filter(status=NetworkStatus.PENDING).values_list("name", "proposed_by__name")

    assert operators == [("Olga Mercado Vargas", None)]
    assert waiting == [("Red SPG de los Valles Cruceños", "Rocío Zambrana Ortiz")]
    assert not await PgsReviewer.filter(network__status=NetworkStatus.PENDING).exists()


async def test_each_approved_network_has_a_committee_reviewers_in_roles_and_a_first_checklist(seeded):
    for network in await PgsNetwork.filter(status=NetworkStatus.APPROVED):
        reviewers = await PgsReviewer.filter(network=network).values("role", "organization_id", "committee")
        checklist = await PgsChecklist.get(network=network)
        norms = await PgsNorm.filter(checklist=checklist).order_by("position").values_list("text", flat=True)

        assert {r["role"] for r in reviewers} == {ReviewerRole.PRODUCER, ReviewerRole.CONSUMER, ReviewerRole.TECHNICIAN}
        assert all(r["organization_id"] for r in reviewers if r["role"] == ReviewerRole.PRODUCER)
        assert any(r["committee"] for r in reviewers)
        assert network.norms
        assert checklist.version == 1 and 6 <= len(norms) <= 8
        # Each in its country's language: "Sin agrotóxicos…" in Bolivia, "Sem agrotóxicos…" in Brazil.
        assert norms[0].startswith("Sin " if network.slug == "red-spg-bolivia" else "Sem ")


async def test_every_organizations_admin_presides_its_board_since_the_assembly_elected_it(seeded):
    seats = await BoardRecord.all().values("organization__slug", "person_id", "role", "started_at", "ended_at")
    admins = dict(await Member.filter(role=MemberRole.ADMIN).values_list("organization__slug", "person_id"))

    assert {s["organization__slug"]: s["person_id"] for s in seats} == admins
    assert {(s["role"], s["ended_at"]) for s in seats} == {(BoardRole.PRESIDENT, None)}
    elected = {s["organization__slug"]: (TODAY - s["started_at"].date()).days for s in seats}
    assert elected["oeca-valles-comarapa"] == 430 and elected["cafe-amboro"] == 200  # one past its term, one not


async def test_demo_people_have_demo_telegram_ids_and_their_country_language(seeded):
    people = await Person.all().values_list("telegram_user_id", "locale", "territory__country_code")

    assert all(telegram_user_id >= 900_000_001 for telegram_user_id, _, _ in people)
    for _, locale, country_code in people:
        assert locale in ({"BR": "pt_BR"}.get(country_code, "es"), None)
    assert sum(locale is None for _, locale, _ in people) >= 2


async def test_the_catalog_offers_forty_products_in_six_categories_in_their_country_currency(seeded):
    products = await Product.all().prefetch_related("offer", "organization__territory")

    assert len(products) >= 40
    assert len({p.category_id for p in products}) >= 6
    for product in products:
        offer = product.offer
        assert product.search_key == search_key(product.name)
        assert product.unit in CANONICAL_UNITS and offer.unit == product.unit
        assert offer.currency == product.organization.territory.currency
        assert offer.status == OfferStatus.ACTIVE
        assert offer.price > 0 and offer.price == offer.price.quantize(Decimal("0.01"))
        assert offer.order_unit_quantity > 0 and offer.pack_size >= 1
    assert sum(p.offer.stock == 0 for p in products) >= 2
    assert any(p.offer.pack_size > 1 and p.offer.order_unit_quantity < 1 for p in products)


async def test_seals_read_as_granted_expired_suspended_and_in_review(seeded):
    seals = await Seal.all().prefetch_related("scope")

    assert {read_status(s) for s in seals} >= {
        SealStatus.GRANTED, SealStatus.EXPIRED, SealStatus.SUSPENDED, SealStatus.IN_REVIEW
    }
    assert all(s.status != SealStatus.EXPIRED for s in seals)
    assert all(s.status_reason for s in seals if s.status == SealStatus.SUSPENDED)
    assert all(is_valid_seal_code(s.code) and len(s.scope) >= 1 for s in seals)


@pytest.mark.parametrize(("alphabet", "length", "key", "code"), [
    ("AB", 4, ("x",), "BBAA"),
    ("AB", 4, ("y",), "BAAA"),
    (ALPHABET, 8, ("seal", "red-sul", "coop-nova-petropolis"), "X5MHC4DM"),
])
def test_a_demo_code_comes_from_its_key(alphabet, length, key, code):
    assert demo_code(alphabet, length, *key) == code


async def test_seal_codes_and_group_invitations_are_the_same_in_every_seed_of_the_demo(seeded):
    seals = await Seal.all().prefetch_related("network", "organization")
    groups = await PurchasingGroup.all()

    assert [s.code for s in seals] == [demo_code(ALPHABET, 8, "seal", s.network.slug, s.organization.slug) for s in seals]
    assert len({s.code for s in seals}) == len(seals)
    assert [g.invite_code for g in groups] == [demo_code(URL_SAFE, 12, "group", g.slug) for g in groups]
    assert "d9BM4egloS6D" in [g.invite_code for g in groups]  # Equipetrol's, as its page shows it


async def test_every_granting_review_is_signed_by_a_producer_and_a_consumer_from_outside(seeded):
    seals = await Seal.filter(status__in=[SealStatus.GRANTED, SealStatus.SUSPENDED])

    for seal in seals:
        reviews = await PeerReview.filter(seal=seal, decision__in=[ReviewDecision.GRANT, ReviewDecision.RENEW])
        members = set(await Member.filter(organization_id=seal.organization_id).values_list("person_id", flat=True))
        reviewers = set(await PgsReviewer.filter(network_id=seal.network_id).values_list("person_id", flat=True))
        assert reviews, f"seal {seal.code} has no review behind it"
        for review in reviews:
            signatures = await PeerReviewSignature.filter(review=review).values_list("person_id", "role")
            outsiders = {role for person_id, role in signatures if person_id not in members}
            assert {ReviewerRole.PRODUCER, ReviewerRole.CONSUMER} <= outsiders
            assert {person_id for person_id, _ in signatures} <= reviewers


async def test_seal_histories_record_each_grant_renewal_and_suspension(seeded):
    seals = await Seal.all()

    for seal in seals:
        kinds = set(await SealEvent.filter(seal=seal).values_list("kind", flat=True))
        if seal.status in (SealStatus.GRANTED, SealStatus.SUSPENDED):
            assert SealEventKind.GRANTED in kinds
        if seal.status == SealStatus.SUSPENDED:
            assert await SealEvent.filter(seal=seal, kind=SealEventKind.SUSPENDED).exclude(reason="").exists()
    assert await SealEvent.filter(kind=SealEventKind.RENEWED, review__decision=ReviewDecision.RENEW).exists()
    for event in await SealEvent.filter(review_id__isnull=False).prefetch_related("review"):
        assert event.review.seal_id == event.seal_id


async def test_each_purchasing_group_has_one_open_round_closing_after_today(seeded):
    groups = await PurchasingGroup.all().prefetch_related("territory")

    assert len(groups) >= 2
    for group in groups:
        roles = await GroupMember.filter(group=group).values_list("role", flat=True)
        assert GroupRole.COORDINATOR in roles and roles.count(GroupRole.MEMBER) >= 3
        assert group.pickup_point
        (order_round,) = await OrderRound.filter(group=group, status=RoundStatus.OPEN)
        assert order_round.opens_at < START_OF_TODAY < START_OF_TODAY + dt.timedelta(days=1) < order_round.closes_at
        assert order_round.pickup_on > TODAY


async def test_round_offers_freeze_the_offer_as_it_was_in_the_group_country(seeded):
    round_offers = await RoundOffer.all().prefetch_related(
        "round__group__territory", "offer__product__organization__territory"
    )

    assert len(round_offers) >= 6
    for round_offer in round_offers:
        offer, organization = round_offer.offer, round_offer.offer.product.organization
        assert (round_offer.price, round_offer.currency, round_offer.unit) == (offer.price, offer.currency, offer.unit)
        assert (round_offer.order_unit_quantity, round_offer.pack_size) == (offer.order_unit_quantity, offer.pack_size)
        assert round_offer.fund_rate == organization.solidarity_fund_rate
        assert organization.territory.country_code == round_offer.round.group.territory.country_code


async def test_members_ordered_in_their_own_group_in_timestamped_rows(seeded):
    rows = await MemberOrderRow.all().order_by("id").prefetch_related("member", "round_offer__round")

    assert len(rows) >= 10
    for row in rows:
        order_round = row.round_offer.round
        assert row.member.group_id == order_round.group_id
        assert order_round.opens_at < row.at < START_OF_TODAY
        assert row.quantity >= 1 and row.tolerance >= 0
    for earlier, later in zip(rows, rows[1:], strict=False):
        if earlier.round_offer.round_id == later.round_offer.round_id:
            assert earlier.at <= later.at


async def test_prices_were_observed_every_day_for_ninety_days_at_each_market_level(seeded):
    observations = await PriceObservation.all().values_list(
        "territory__country_code", "market_level", "search_key", "observed_at", "currency", "territory__currency",
        "source_detail",
    )

    days = defaultdict(set)
    products = defaultdict(set)
    for country_code, level, key, observed_at, currency, territory_currency, source_detail in observations:
        days[country_code, level].add(observed_at.astimezone(dt.timezone.utc).date())
        products[country_code].add(key)
        assert currency == territory_currency and source_detail.startswith("demo: ")
    ninety_days = {TODAY - dt.timedelta(days=n) for n in range(90)}
    for country_code in ("BO", "MX", "BR"):
        assert len(products[country_code]) >= 10
        for level in MarketLevel:
            assert days[country_code, level] == ninety_days


async def test_national_prices_run_above_regional_and_regional_above_local(seeded):
    observations = await PriceObservation.all().values_list("territory__country_code", "market_level", "price")

    totals = defaultdict(Decimal)
    for country_code, level, price in observations:
        totals[country_code, level] += price
    for country_code in ("BO", "MX", "BR"):
        local, regional, national = (totals[country_code, level] for level in MarketLevel)
        assert local < regional < national


async def test_fair_price_breakdowns_add_up_exactly_to_the_price(seeded):
    fair_prices = await FairPrice.all()

    assert len(fair_prices) >= 3
    for fair in fair_prices:
        assert fair.producer_share + fair.transport + fair.solidarity_fund + fair.other_costs == fair.price
        assert fair.valid_from <= TODAY <= fair.valid_until
        assert (fair.organization_id is None) != (fair.network_id is None)


async def test_a_second_seed_the_same_day_writes_nothing(seeded):
    second = await seed_demo(TODAY)

    assert second == seeded
    assert second == {model.__name__: await model.all().count() for model in SEEDED_MODELS}
    assert second["Organization"] >= 6 and second["Product"] >= 40


async def test_a_second_seed_days_later_adds_only_the_days_market_prices(seeded, feria_clock):
    feria_clock.advance(dt.timedelta(days=3))

    second = await seed_demo()

    per_day = seeded["PriceObservation"] // 90
    assert second == {**seeded, "PriceObservation": seeded["PriceObservation"] + 3 * per_day}


async def round_moments(group: str) -> tuple:
    order_round = await OrderRound.get(group__slug=group, status=RoundStatus.OPEN)
    rows = await MemberOrderRow.filter(round_offer__round=order_round).order_by("id").values_list("at", flat=True)
    return order_round.id, order_round.opens_at, order_round.closes_at, order_round.pickup_on, rows


async def test_a_demo_seeded_thirty_days_ago_is_moved_to_today_leaving_peoples_rows_alone(db, feria_clock):
    feria_clock.travel(NOW - dt.timedelta(days=30))
    await seed_demo()
    before = await round_moments("consumo-solidario-equipetrol")
    group = await PurchasingGroup.get(slug="compras-coletivas-bom-fim")
    theirs = await OrderRound.create(  # a round a coordinator opened, closed since
        group=group, status=RoundStatus.CLOSED, opens_at=NOW - dt.timedelta(days=40),
        closes_at=NOW - dt.timedelta(days=38), closed_at=NOW - dt.timedelta(days=38),
    )
    recorded = await PriceObservation.create(
        search_key="tomate", product_name="tomate", territory_id=group.territory_id, market_level=MarketLevel.LOCAL,
        price=Decimal("7"), currency="BRL", unit="kg", source="producer", observed_at=NOW - dt.timedelta(days=29),
    )
    feria_clock.travel(NOW)

    counts = await seed_demo()
    again = await seed_demo()

    after = await round_moments("consumo-solidario-equipetrol")
    assert after[0] == before[0] and after[1] - before[1] == dt.timedelta(days=30)
    assert after[2] > NOW and after[3] > TODAY
    assert [b + dt.timedelta(days=30) for b in before[4]] == list(after[4])  # the same orders, in their order
    for group in await PurchasingGroup.all():
        assert await OrderRound.filter(group=group, status=RoundStatus.OPEN, closes_at__gt=NOW).count() == 1
    assert (await OrderRound.get(id=theirs.id)).opens_at == theirs.opens_at
    assert (await PriceObservation.get(id=recorded.id)).observed_at == recorded.observed_at
    fortnight = {TODAY - dt.timedelta(days=n) for n in range(14)}
    observed = await PriceObservation.filter(source_detail__startswith="demo: ").values_list("observed_at", flat=True)
    assert fortnight <= {moment.date() for moment in observed}
    assert all(fair.valid_from <= TODAY <= fair.valid_until for fair in await FairPrice.all())
    assert again == counts


async def test_a_seed_that_fails_halfway_leaves_nothing_behind(db, monkeypatch):
    async def fail(refs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(seed_module, "_seed_groups", fail)

    with pytest.raises(RuntimeError):
        await seed_demo(TODAY)

    assert await Territory.all().count() == 0
    assert await Organization.all().count() == 0
    assert await Offer.all().count() == 0


async def test_brazilian_organizations_take_pix_and_a_bolivian_one_a_transfer_as_their_admins_would_set_them(seeded):
    from market.demo.payments import PAYMENT_METHODS
    from market.enums import PaymentMethodKind
    from market.models import PaymentMethod
    from market.rules.pix import br_code, parse_br_code
    from market.services.payments.methods import check_draft

    methods = await PaymentMethod.filter(active=True).select_related("organization__territory")
    by_kind = defaultdict(set)
    for method in methods:
        by_kind[method.kind].add(method.organization.territory.country_code)
        if method.kind == PaymentMethodKind.PIX:
            read = parse_br_code(br_code(key=method.pix_key, name=method.holder, city=method.city,
                                         amount=Decimal("10.00"), txid="FERIA1"))
            assert read.key == method.pix_key and read.amount == Decimal("10.00")
    assert by_kind[PaymentMethodKind.PIX] == {"BR"}
    for slug, draft in PAYMENT_METHODS:  # kept as an admin writing them in the chat would have them kept
        country = next(o.territory for o in ORGANIZATIONS if o.slug == slug).split("-")[0].upper()
        assert check_draft(draft, country) == draft
    assert by_kind[PaymentMethodKind.TRANSFER] == {"BO"}
