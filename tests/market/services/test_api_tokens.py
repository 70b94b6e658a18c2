"""API tokens: made by an organization's admins, stored as digests, revoked at once, checked on each call."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest

from market.enums import MembershipStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import ApiToken, Member
from market.services.organizations.api_tokens import TokenHolder, authenticate, create_token, list_tokens, revoke_token
from tests.market.services.shop import make_person, make_shop

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


async def test_only_the_digest_of_a_token_is_stored_and_the_prefix_tells_it_apart(shop):
    token, view = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="Inventario")

    row = await ApiToken.get(id=view.id)
    assert token.startswith("feria_") and len(token) == 49
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(await ApiToken.filter(id=view.id).values())
    assert view.prefix == token[6:14] == row.prefix and view.label == "Inventario"


async def test_each_token_is_new(shop):
    first, _ = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="a")
    second, _ = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="a")

    assert first != second


@pytest.mark.parametrize("who", ["producer_id", "pending_producer_id", "stranger"])
async def test_only_an_approved_admin_makes_or_lists_tokens(shop, who):
    person = await make_person("Nadie") if who == "stranger" else getattr(shop, who)

    with pytest.raises(Forbidden) as made:
        await create_token(shop.organization_id, by_person_id=person, label="x")
    with pytest.raises(Forbidden) as listed:
        await list_tokens(shop.organization_id, viewer_person_id=person)

    assert made.value.code == listed.value.code == "not_an_admin"
    assert await ApiToken.all().count() == 0


async def test_an_admin_of_another_organization_may_not_revoke_a_token(shop):
    other = await make_shop("cafe-amboro", name="Café Amboró", telegram_base=2000)
    _, view = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="x")

    with pytest.raises(Forbidden):
        await revoke_token(view.id, by_person_id=other.admin_id, now=NOON)

    assert (await ApiToken.get(id=view.id)).revoked_at is None


@pytest.mark.parametrize("label", ["", "   ", "x" * 61, "a\nb"])
async def test_a_label_must_be_one_to_sixty_printable_characters(shop, label):
    with pytest.raises(Invalid) as refused:
        await create_token(shop.organization_id, by_person_id=shop.admin_id, label=label)

    assert refused.value.code == "token_label_length"


async def test_a_live_token_speaks_for_its_organization_as_its_maker(shop):
    token, _ = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="x")

    assert await authenticate(token) == TokenHolder(shop.organization_id, shop.admin_id)


@pytest.mark.parametrize("token, code", [
    ("", "token_malformed"), ("feria_short", "token_malformed"), ("Bearer feria_" + "a" * 43, "token_malformed"),
    ("feria_" + "a" * 42 + "!", "token_malformed"), ("feria_" + "a" * 43, "token_unknown"),
])
async def test_a_malformed_or_unknown_token_is_refused(shop, token, code):
    with pytest.raises(Forbidden) as refused:
        await authenticate(token)

    assert refused.value.code == code


async def test_a_revoked_token_stops_at_once_and_revoking_twice_keeps_the_first_moment(shop):
    token, view = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="x")

    revoked = await revoke_token(view.id, by_person_id=shop.admin_id, now=NOON)
    again = await revoke_token(view.id, by_person_id=shop.admin_id, now=NOON + timedelta(hours=1))

    assert revoked.revoked_at == again.revoked_at == NOON
    with pytest.raises(Forbidden) as refused:
        await authenticate(token)
    assert refused.value.code == "token_revoked"


async def test_revoking_a_token_that_does_not_exist_is_not_found(shop):
    with pytest.raises(NotFound):
        await revoke_token(12345, by_person_id=shop.admin_id, now=NOON)


async def test_a_token_stops_when_its_maker_is_no_longer_an_admin(shop):
    token, _ = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="x")
    await Member.filter(person_id=shop.admin_id).update(status=MembershipStatus.LEFT)

    with pytest.raises(Forbidden) as refused:
        await authenticate(token)

    assert refused.value.code == "token_maker_not_admin"


async def test_last_use_is_written_at_most_once_a_minute(shop):
    token, view = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="x")

    await authenticate(token, now=NOON)
    await authenticate(token, now=NOON + timedelta(seconds=59))
    first = (await ApiToken.get(id=view.id)).last_used_at
    await authenticate(token, now=NOON + timedelta(seconds=61))
    later = (await ApiToken.get(id=view.id)).last_used_at

    assert (first, later) == (NOON, NOON + timedelta(seconds=61))


async def test_the_list_shows_live_and_revoked_tokens_oldest_first_without_the_token(shop):
    _, first = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="Inventario")
    _, second = await create_token(shop.organization_id, by_person_id=shop.admin_id, label="Tienda")
    await revoke_token(first.id, by_person_id=shop.admin_id, now=NOON)

    tokens = await list_tokens(shop.organization_id, viewer_person_id=shop.admin_id)

    assert [(t.label, t.prefix, t.revoked_at) for t in tokens] == [
        ("Inventario", first.prefix, NOON), ("Tienda", second.prefix, None)]
    assert tokens[0].created_by_name == "OECA Valles de Comarapa member 1"
