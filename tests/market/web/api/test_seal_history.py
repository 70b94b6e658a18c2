"""GET /api/v1/seals/{code}: the seal's history as JSON, as the OpenAPI document describes it, and nothing the
network kept for itself."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from market.enums import ReviewDecision, ReviewStage
from market.models import PeerReview, Seal
from tests.market.web.api.conftest import demo_app
from tests.market.web.api.test_openapi import validate
from tests.market.web.seal_history_world import CONDITIONS, SECRETS, SUSPENSION, HistoryWorld, day, make_seal_history

PUBLISHED = "/seals/{code}"


@pytest.fixture
async def api(database_url) -> AsyncIterator[TestClient]:
    """The app on this test's own database (the demo one is read-only)."""
    async with TestClient(TestServer(demo_app(database_url))) as client:
        yield client


@pytest.fixture
async def world(api) -> HistoryWorld:
    return await make_seal_history()


async def seal_answer(api: TestClient, code: str) -> dict:
    response = await api.get(f"/api/v1/seals/{code}")
    body = await response.json()
    validate(PUBLISHED, response.status, response.content_type, body)
    return body


async def test_the_visits_that_granted_and_renewed_the_seal_come_newest_first(api, world):
    body = await seal_answer(api, world.seal_code)

    renewal, grant = body["visits"]
    assert {key: renewal[key] for key in ("date", "decision", "decided_on", "checklist_version", "norms_verified",
                                          "norms_not_applicable", "norms_not_met")} == {
        "date": day(-20).isoformat(), "decision": "renew", "decided_on": day(-18).isoformat(),
        "checklist_version": 2, "norms_verified": 8, "norms_not_applicable": 1, "norms_not_met": 1,
    }
    assert (grant["date"], grant["decision"], grant["decided_on"], grant["checklist_version"]) == (
        day(-202).isoformat(), "grant", day(-200).isoformat(), None,
    )
    assert (grant["norms_verified"], grant["conditions"]) == (0, [])


async def test_only_agreed_signers_are_listed_and_only_those_who_agreed_to_be_named_by_name(api, world):
    body = await seal_answer(api, world.seal_code)

    renewal, grant = body["visits"]
    juana = {"role": "producer", "organization": {"slug": "coraca-irupana", "name": "CORACA Irupana"},
             "name": "Juana Condori Quispe"}
    assert renewal["signers"] == [juana, {"role": "consumer", "organization": None, "name": None}]
    assert grant["signers"] == [juana, {"role": "consumer", "organization": None, "name": None},
                                {"role": "technician", "organization": None, "name": None}]


async def test_the_grants_conditions_say_where_they_stand_today(api, world):
    body = await seal_answer(api, world.seal_code)

    met, pending, past_due = (CONDITIONS[status] for status in ("met", "pending", "past_due"))
    assert body["visits"][0]["conditions"] == [
        {"text": met[0], "due_on": day(met[1]).isoformat(), "met_on": day(met[2]).isoformat(), "status": "met"},
        {"text": pending[0], "due_on": day(pending[1]).isoformat(), "met_on": None, "status": "pending"},
        {"text": past_due[0], "due_on": day(past_due[1]).isoformat(), "met_on": None, "status": "past_due"},
    ]


async def test_the_events_keep_the_suspensions_reason_and_no_other(api, world):
    body = await seal_answer(api, world.seal_code)

    assert [(e["kind"], e["reason"]) for e in body["events"]] == [
        ("condition_met", ""), ("reinstated", ""), ("suspended", SUSPENSION), ("renewed", ""), ("granted", ""),
    ]
    assert body["events"][2]["at"].startswith(day(-10).isoformat())


async def test_nothing_the_network_kept_for_itself_is_in_the_answer(api, world):
    text = json.dumps(await seal_answer(api, world.seal_code), ensure_ascii=False)

    assert [what for what, words in SECRETS.items() if words in text] == []


async def test_a_visit_still_being_signed_is_neither_history_nor_the_last_review(api, world):
    seal = await Seal.get(code=world.seal_code)
    await PeerReview.create(network_id=seal.network_id, organization_id=seal.organization_id, seal=seal,
                            visited_on=day(-1), decision=ReviewDecision.RENEW, stage=ReviewStage.SIGNING)

    body = await seal_answer(api, world.seal_code)

    assert [v["date"] for v in body["visits"]] == [day(-20).isoformat(), day(-202).isoformat()]
    # Of the renewal's four reviewers, one disagreed and one never answered: two signed.
    assert body["last_review"] == {"visited_on": day(-20).isoformat(),
                                   "reviewers": {"producer": 1, "consumer": 1, "technician": 0}}
