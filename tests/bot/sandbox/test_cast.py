"""Who the chat page lets a person play: the demo network's people, or someone new."""

import pytest

from bot.sandbox.cast import NEWCOMER_IDS, demo_cast, find_character, newcomer_id, split_name
from market.demo.groups import GROUPS
from market.demo.organizations import ORGANIZATIONS
from market.demo.people import CONSUMERS, OPERATORS
from market.demo.seals import NETWORKS


@pytest.mark.parametrize(
    ("name", "first_name", "last_name"),
    [
        ("Hilda Justiniano Rojas", "Hilda", "Justiniano Rojas"),
        ("Ana María Rivero Antelo", "Ana María", "Rivero Antelo"),
        ("Rosângela da Silva", "Rosângela", "da Silva"),
        ("Rosa", "Rosa", None),
    ],
)
def test_a_full_name_splits_as_a_person_would_type_it_into_telegram(name, first_name, last_name):
    assert split_name(name) == (first_name, last_name)


def test_the_cast_holds_every_consumer_producer_coordinator_committee_member_and_operator_of_the_demo():
    cast = demo_cast()

    assert len(cast["consumer"]) == len(CONSUMERS)
    assert len(cast["producer"]) == sum(1 + len(o.producers) for o in ORGANIZATIONS)
    assert len(cast["coordinator"]) == sum(len(g.coordinators) for g in GROUPS)
    assert len(cast["committee"]) == sum(1 for n in NETWORKS for r in n.reviewers if r.committee)
    assert [c.name for c in cast["operator"]] == [p.name for p in OPERATORS]
    assert [c.role for c in cast["producer"][:2]] == ["admin", "producer"]


def test_a_coordinator_who_also_buys_is_named_with_both_parts():
    carmen = find_character({"person": "900000101"})

    assert carmen.telegram_user == {
        "id": 900_000_101, "first_name": "Carmen", "last_name": "Gutiérrez Ribera", "language_code": "es",
    }
    assert carmen.belongs_to == ("Santa Cruz de la Sierra · Grupo de Consumo Solidario Equipetrol · "
                                 "Red de Certificación Participativa de Bolivia")


def test_someone_new_keeps_only_a_language_the_picker_offers():
    rosa = find_character({"person": str(newcomer_id()), "name": "  Rosa   Quispe ", "language_code": "xx"})

    assert rosa.name == "Rosa Quispe" and rosa.language_code is None and rosa.user_id in NEWCOMER_IDS


@pytest.mark.parametrize(
    "query",
    [
        {}, {"person": "abc"}, {"person": "5", "name": "Eva"},
        {"person": "812345678"}, {"person": "812345678", "name": " "},
    ],
)
def test_a_url_naming_nobody_plays_nobody(query):
    assert find_character(query) is None
