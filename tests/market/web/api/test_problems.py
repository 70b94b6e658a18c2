"""Errors as problem+json: the table of market.web.api.problems, with translated titles and reasons."""

import json

import pytest

from market.errors import Conflict, Invalid, NotFound
from market.presentation.i18n import Translator
from market.web.api.params import InvalidParameters
from market.web.api.problems import problem_response


def problem(status, error=None, locale="en", title="A title") -> dict:
    response = problem_response(status, title, Translator(locale), error)
    assert response.status == status and response.content_type == "application/problem+json"
    assert response.headers["Content-Language"] == locale.replace("_", "-")
    return json.loads(response.body)


@pytest.mark.parametrize(("status", "error", "type_", "code"), [
    (400, InvalidParameters([("limit", "out_of_range", {"min": 1, "max": 100})]),
     "/api/v1/problems/invalid-parameters", "invalid_parameters"),
    (400, Invalid("invalid_parameter", parameter="text"), "/api/v1/problems/invalid-parameters", "invalid_parameters"),
    (404, NotFound("seal_not_found", seal_code="X"), "/api/v1/problems/seal-not-found", "seal_not_found"),
    (409, Conflict("not_enough_stock"), "/api/v1/problems/not-enough-stock", "not_enough_stock"),
    (404, None, "about:blank", "not_found"),
    (405, None, "about:blank", "method_not_allowed"),
    (500, None, "about:blank", "internal_error"),
])
def test_each_error_has_its_type_and_stable_code(status, error, type_, code):
    body = problem(status, error)

    assert (body["type"], body["code"], body["status"], body["title"]) == (type_, code, status, "A title")


def test_a_services_refusal_names_the_parameter_as_the_api_calls_it():
    body = problem(400, Invalid("invalid_parameter", parameter="text", max=200))

    assert body["invalid_params"] == [{"name": "q", "reason": "Must be at most 200 characters long."}]


@pytest.mark.parametrize(("refusal", "reason"), [
    (Invalid("invalid_parameter", parameter="after"), "No product has this id: start again from the first page."),
    (Invalid("invalid_parameter", parameter="before", reason="after_and_before"), "Give after or before, not both."),
    (Invalid("invalid_parameter", parameter="limit", min=1, max=100), "Must be a whole number from 1 to 100."),
    (Invalid("invalid_parameter", parameter="level"), "This value is not valid here."),
])
def test_a_services_refusal_says_why_in_words(refusal, reason):
    assert problem(400, refusal)["invalid_params"][0]["reason"] == reason


def test_a_not_found_detail_is_translated_and_filled_in():
    body = problem(404, NotFound("seal_not_found", seal_code="K7HMQ2RW"), locale="pt_BR")

    assert body["detail"] == "Nenhum selo tem o código K7HMQ2RW. Confira as letras e tente de novo."


def test_a_message_that_names_a_value_the_error_lacks_reads_it_as_empty_rather_than_crashing():
    body = problem(404, NotFound("seal_not_found"))

    assert body["detail"].startswith("No seal has the code .")
