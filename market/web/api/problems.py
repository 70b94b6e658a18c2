"""Errors of the API as application/problem+json (RFC 9457), translated for the person's language.

Every problem has `type`, `title`, `status` and `code` (a stable machine word). A problem the
domain raised has a type of its own under /api/v1/problems/ (a relative reference, resolved
against the API), and usually a `detail`; a bad query gets `invalid_params`, one entry per
parameter with the reason in words; stock lines that cannot be published get `lines`, one entry
per line with why and the organization's closest product names. Errors of HTTP itself (no such
address, method not allowed, our own crash) are "about:blank" with the status as title.

| raised                                             | status | type under /api/v1/problems/ | code                |
|----------------------------------------------------|--------|------------------------------|---------------------|
| InvalidParameters([("limit", "out_of_range", ..)]) | 400    | invalid-parameters           | invalid_parameters  |
| Invalid("invalid_parameter", parameter="text")     | 400    | invalid-parameters           | invalid_parameters  |
| NotFound("seal_not_found", seal_code="X")          | 404    | seal-not-found               | seal_not_found      |
| Forbidden("token_unknown")                         | 401    | token-unknown                | token_unknown       |
| Invalid("stock_not_published", lines=[...])        | 422    | stock-not-published          | stock_not_published |
| web.HTTPNotFound()                                 | 404    | (about:blank)                | not_found           |
| RuntimeError()                                     | 500    | (about:blank)                | internal_error      |

The status is the code's, declared in market.refusals; the words for each code are DETAILS here (and
TITLES, for a code whose status's title would say too little).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from market.errors import FeriaError, Invalid
from market.presentation.i18n import Translator
from market.presentation.labels import N_
from market.web.api.params import InvalidParameters

Gettext = Callable[[str], str]  # a translator's gettext: the words of a message in the person's language

PROBLEMS = "/api/v1/problems/"
CONTENT_TYPE = "application/problem+json"

# A service names a parameter by its own word; the API's word for it, where they differ.
_API_NAMES = {"text": "q", "sealed_only": "sealed", "in_stock_only": "in_stock"}

REASONS = {
    "not_integer": N_("Must be a whole number."),
    "out_of_range": N_("Must be a whole number from {min} to {max}."),
    "not_boolean": N_("Must be true or false."),
    "too_long": N_("Must be at most {max} characters long."),
    "control_characters": N_("Must not contain control characters."),
    "not_code": N_("Must be a code of lowercase letters, digits, - and _."),
    "not_a_choice": N_("Must be one of: {choices}."),
    "repeated": N_("Must be given only once."),
    "after_and_before": N_("Give after or before, not both."),
    "unknown_cursor": N_("No product has this id: start again from the first page."),
    "invalid": N_("This value is not valid here."),
    "missing": N_("Must be given."),
}

# What the person is told about a refusal (the same words the bot uses, where it meets the code too).
DETAILS = {
    "seal_not_found": N_("No seal has the code {seal_code}. Check the letters and try again."),
    "organization_not_found": N_("We don't know that organization."),
    "product_not_found": N_("That product is no longer on offer."),
    "price_product_not_found": N_("We have no prices for that product yet."),
    "territory_not_found": N_("We don't know that place."),
    "token_missing": N_("Send the token as “Authorization: Bearer feria_…”."),
    "token_malformed": N_("That is not a Feria API token: they start with “feria_”."),
    "token_unknown": N_("No organization has this token."),
    "token_revoked": N_("This token was revoked: ask an admin of the organization for a new one."),
    "token_maker_not_admin": N_("The admin who made this token no longer is one: ask an admin for a new one."),
    "token_of_another_organization": N_("This token belongs to another organization."),
    "body_too_large": N_("Send at most 16 KB at a time."),
    # Braces doubled: a detail is formatted with the refusal's parameters.
    "body_not_json": N_("The body must be a JSON object like {{\"message\": \"tomate 20 kg a 8,50\"}}."),
    "stock_not_published": N_("Correct the lines named and send the whole message again."),
    # What publishing stock refuses, should a line not say it (market.services.stock).
    "not_a_member": N_("Only the organization's members can do that."),
    # Posting on another's lot (publish_stock's lot_for): only an admin, and only for an approved member.
    "not_an_admin": N_("Only the organization's admins can do that."),
    "membership_not_found": N_("That person is not an approved member of the organization."),
    "duplicate_product": N_("{product} is already on line {first}: write each product once."),
    "category_needed": N_("{product} is not in the catalog yet: add it in the Telegram chat first."),
    "price_needed": N_("A new product needs a price: write it like “{product} 10 kg a 8,50”."),
    "bad_name": N_("A name cannot start with =, +, - or @: “{product}”. Write it without the sign."),
    "unit_mismatch": N_("{product} is sold by the {unit}: write its quantity in {unit}."),
    "currency_mismatch": N_("Prices here are in {expected}: convert the price from {currency} at today's rate, or "
                            "write it in {expected}."),
    "content_mismatch": N_("{product} comes in {unit} that hold another amount: write the quantity in its {unit}."),
    "lot_too_small": N_("Your lot of {product} has {lot} {unit}: you cannot take away {taking} {unit}."),
    "price_is_organizations": N_("{product} sells at the organization's price, {price} {currency} per {unit}: "
                                 "write the line without a price."),
    "quantity_not_positive": N_("The quantity must be more than zero."),
    "quantity_not_whole": N_("This product is counted in whole units."),
    "quantity_too_precise": N_("A quantity has at most three decimals."),
    # A stock draft's (market.services.stock.drafts): the API reads and publishes in one go and never picks.
    "line_not_pickable": N_("Line {line} is not a product with stock."),
    "stock_draft_unreadable": N_("That stock message can no longer be read: send it again."),
    "bad_rate": N_("Write the rate as a number above zero, like “6,96”."),
    "invalid_parameter": N_("Some values are not valid here: correct them and try again."),
    "invalid_parameters": N_("Some values are not valid here: correct them and try again."),
    "receipt_not_found": N_("No receipt has that code. Check the letters and try again."),
    # An order's steps at the desk (market.web.desk.orders): the bot's words for the same refusals.
    "order_not_found": N_("That order does not exist."),
    "order_status_changed": N_("Someone got there first: the order is already {status}."),
    "order_already_paid": N_("This order was already marked paid."),
    "order_not_refusable": N_("This order can no longer be refused: it is {status}."),
    "transition_not_allowed": N_("That step does not apply: the order is {status}."),
    "reason_missing": N_("Please write the reason."),
    "reason_too_long": N_("That is too long: at most {limit} characters, please."),
    "refund_not_owed": N_("No refund is owed for this order."),
    "refund_already_paid": N_("This refund was already recorded as paid."),
    "order_not_cancellable": N_("This order can no longer be cancelled: it is {status}. Write to the organization."),
    "group_not_found": N_("That group does not exist."),
    # Payments at the desk (market.web.desk.payments, accounts): the bot's words for the same refusals.
    "not_your_order": N_("That order is not yours."),
    "proof_not_found": N_("That payment notice no longer exists."),
    "proof_already_confirmed": N_("This payment was already confirmed by {by}."),
    "proof_already_rejected": N_("This payment was already rejected by {by}."),
    "note_too_long": N_("That is too long: at most {limit} characters, please."),
    "payment_not_found": N_("That payment is not there any more."),
    "round_not_found": N_("That round does not exist."),
    # The operator's desk (market.web.desk.operator*): decisions, categories, a price survey's file.
    "not_an_operator": N_("Only Feria's operators can do that."),
    "decision_subject_not_found": N_("Nothing waits for a decision under that address."),
    "decision_not_found": N_("We could not find that decision."),
    "already_decided": N_("«{name}» was decided already: the first decision stands."),
    "category_code_invalid": N_(
        "Write a code of 2 to 32 lowercase letters, digits or _, starting with a letter, like semillas."),
    "category_exists": N_("There is already a category with the code {category_code}: choose another code."),
    "category_name_invalid": N_("Write a name of 1 to {max} characters that does not start with =, +, - or @."),
    "category_not_found": N_("We don't know that category."),
    "unsupported_locale": N_("That language is not available yet."),
    "unreadable_file": N_("The file could not be read ({detail}): nothing was imported."),
    # A purchasing group's desk (market.web.desk.groups, .rounds, .pickup): the bot's words for its rounds.
    "not_a_group_member": N_("Only the group's members can do that."),
    "not_a_coordinator": N_("Only the group's coordinators can do that."),
    "offer_not_found": N_("That product is no longer on offer."),
    "bad_moment": N_("Write a day and time like “28/11 20:00”."),
    "moment_past": N_("That time has passed. Write a later one, like “28/11 20:00”."),
    "closes_at_in_past": N_("That time has passed. Write a later one, like “28/11 20:00”."),
    "closes_at_not_later": N_("The round already closes later than that."),
    "pickup_before_close": N_("Members pick up on {pickup}: choose a new pickup day after the new close."),
    "pickup_point_too_long": N_("That is too long: at most {limit} characters, please."),
    "no_offers": N_("Choose at least one organization."),
    "mixed_currencies": N_("A round can only include products priced in one currency."),
    "round_closed": N_("This round is closed: orders can no longer change."),
    "round_not_closable": N_("This round can no longer be closed: it was cancelled."),
    "round_not_closed": N_("This round is not closed yet."),
    "round_not_due": N_("This round closes at its time, and it is not that time yet."),
    # What arrived of a round, and settling it (market.web.desk.round_arrivals, .round_settle).
    "round_settled": N_("This round is already settled."),
    "round_offer_not_found": N_("That product is not in this round."),
    "not_whole_units": N_("Write how much arrived as a number, like 12 or 7,5."),
    "amount_not_in_order_units": N_("This is sold by {step}: write {below} or {above}."),
    "amount_below_order_unit": N_("This is sold by {step}: write at least {step}."),
    "written_in_other_unit": N_("This is sold in {unit}: write how many {unit}."),
    # A PGS network's committee at the desk (market.web.desk.committee): the bot's words for the same refusals.
    "network_not_found": N_("That network no longer exists."),
    "not_a_reviewer": N_("Only the network's reviewers can do that."),
    "not_on_committee": N_("Only the network's committee can do that."),
    "member_of_reviewed_organization": N_("{person} is a member of the organization concerned: they cannot take "
                                          "part in its visits or decide on its seal."),
    "visit_not_found": N_("That visit no longer exists."),
    "visit_already_decided": N_("This visit was decided already: the first decision stands."),
    "signatures_insufficient": N_("These signatures cannot grant the seal yet: see what is missing above."),
    "norm_not_met": N_("A norm was answered «no»: grant with conditions, or deny."),
    "conditions_missing": N_("Write at least one condition, with the day it must be met by."),
    "too_many_conditions": N_("At most {max} conditions, please."),
    "condition_too_long": N_("A condition may have at most {limit} characters."),
    "condition_due_past": N_("A condition's due date must be after today."),
    "checklist_not_found": N_("That checklist no longer exists."),
    "person_not_found": N_("We don't know that person."),
    # What granting or renewing a seal may meet (market.services.seals.reviews), as the bot says it.
    "no_seal_to_renew": N_("There is no seal to renew."),
    "seal_already_granted": N_("The seal {seal_code} is granted already."),
    "seal_already_suspended": N_("The seal {seal_code} is suspended already."),
    "seal_code_unavailable": N_("No seal code could be drawn just now: press again in a moment."),
    "seal_expired": N_("The seal {seal_code} has expired: a renewal visit renews it, there is nothing to suspend."),
    "seal_not_granted": N_("The seal {seal_code} is not granted."),
    "seal_not_suspended": N_("The seal {seal_code} is not suspended."),
    "seal_revoked": N_("The seal {seal_code} was revoked: it never comes back."),
    "seal_status_changed": N_("Someone got there first: the seal {seal_code} changed. Open it again."),
    "visit_before_last_review": N_("This visit is older than the seal's last review."),
    "visit_too_old": N_("That is over a year ago: a seal needs a visit of the last 12 months."),
    # The desk's product form and spreadsheet import (market.web.desk.products, .imports): the bot's words where
    # it meets the code too.
    "bad_quantity": N_("Please write a number, like 2 or 1,5."),
    "amount_not_positive": N_("Write an amount above zero, like 120,50."),
    "amount_below_minor_unit": N_("That amount has more decimals than {currency} uses, like 120,50 or 15000."),
    "price_too_large": N_("That price is too large."),
    "stock_negative": N_("The stock cannot be less than zero."),
    "stock_too_large": N_("That stock is too large."),
    "stock_below_lots": N_("The producers' lots of {product} hold {lots}: the stock cannot be less."),
    "valid_until_past": N_("That day has passed. Choose a later one."),
    "bad_date": N_("Write a day like {example}."),
    "category_unknown": N_("No category is called “{category}”."),
    "unit_unknown": N_("“{unit}” is not a unit Feria knows: write kg, g, l, unidad, docena, bolsa, frasco…"),
    "bad_pack_size": N_("Write a whole number from 1 to {max}."),
    "import_refused": N_("Nothing was imported: correct the rows named and import the file again."),
    "import_unreadable": N_("That file cannot be imported: use a CSV or .xlsx made from the template."),
    # The desk's member register, board and maturity (in the bot's words where they read the same).
    "community_name_length": N_("Write your community's name, at most {max} letters, or choose it from the list."),
    "production_line_unreadable": N_("I could not read line {line}. Write one product a line: the product, about "
                                     "how much with its unit, and after a comma when, like “papa 20 qq, mayo a "
                                     "julio”."),
    "production_too_many_lines": N_("At most {max} products, please: one a line."),
    "family_size_invalid": N_("Write how many people your family has, as a number from {min} to {max}, like 5."),
    "register_entry_changed": N_("This entry changed meanwhile, or it is saved already. Open it again."),
    "board_member_not_found": N_("That person is not an approved member of the organization now."),
    "already_an_admin": N_("That person is already an admin."),
    "already_in_office": N_("That person already holds it."),
    "not_the_office_holder": N_("Only the person who holds it can hand it over."),
    "last_admin": N_("You are the last admin: hand your seat over to a producer instead of stepping down."),
    "term_months_invalid": N_("A term lasts {min} to {max} months."),
    "declared_day_in_future": N_("That day has not come yet: write a day that has passed."),
    "declared_day_too_early": N_("Write a day from the year {year} on."),
    # The committee's and the operator's actions at the desk (market.web.desk.network_*, .operator_*): the bot's
    # words where they fit a page, the desk's own where the bot's speak of the chat.
    "network_not_approved": N_("«{name}» is not approved by Feria's operators yet."),
    "condition_already_met": N_("That condition was marked met already."),
    "condition_not_found": N_("That condition no longer exists."),
    "reviewer_not_found": N_("That person does not review for this network."),
    "last_committee_member": N_("The committee needs at least one member: seat someone else on it first."),
    "producer_reviewer_needs_organization": N_(
        "A producer reviews from their organization: choose it. If they belong to none in Feria, choose another role."),
    "reviewer_organization_not_theirs": N_("They are not a member of that organization. Choose again."),
    "checklist_norm_count": N_("Write {min} to {max} norms, one per line. Nothing was saved."),
    "checklist_norm_length": N_("Norm {number} must have {min} to {max} characters. Nothing was saved."),
    "checklist_norm_repeated": N_("Norm {number} is written twice. Nothing was saved."),
    "checklist_changed": N_("The checklist changed meanwhile, or this version is saved already. Open it again."),
    "person_not_started": N_("Telegram user {telegram_user_id} has not written to the bot yet. Ask them to send /start "
                             "to the bot, then try again."),
    "username_unknown": N_("Nobody who wrote to the bot is @{username}. Ask them to send /start to the bot, or write "
                           "their Telegram id."),
    "bad_person_reference": N_("Write their Telegram id (digits, like 123456789) or their @username."),
    "operator_not_found": N_("That person is no longer an operator."),
    "last_operator": N_("That is the last operator: name another one first."),
    "time_zone_unknown": N_("That time zone is not one of the country's."),
    # What each family is owed at the desk (market.web.desk.org_statements): the bot's words for the same refusals.
    "margin_range": N_("Write a number from 0 to {max}, like 10 for 10 %."),
    "producer_not_found": N_("That person is not a member of the organization."),
    "payment_already_corrected": N_("That payment was already taken back. Nothing was changed."),
    # Ways to pay at the desk (market.web.desk.org_methods): the bot's words for the same refusals.
    "payment_text_length": N_("Write {min} to {max} characters, please."),
    "pix_key_invalid": N_("That is not a Pix key. Write a CPF, a CNPJ, an e-mail, a phone like +55 61 91234-5678, "
                          "or a random key."),
    "pix_needs_brazil": N_("Pix is for organizations and groups in Brazil."),
    "payment_qr_missing": N_("Send the QR code as a photo."),
    "payment_methods_too_many": N_("At most {max} ways to pay: turn one off first."),
    "payment_method_not_found": N_("That way to pay no longer exists."),
    # The solidarity fund at the desk (market.web.desk.org_fund): the bot's words for the same refusals.
    "bad_amount": N_("Write an amount in {currency}, like 12,50, or 0."),
    "fund_too_small": N_("The fund has {balance}: it cannot give more. Nothing was recorded."),
    "fund_use_not_found": N_("That loan no longer exists."),
    "borrower_not_found": N_("That person is no longer a member. Choose again."),
    "repayment_above_left": N_("Only {left} is left to repay: write that or less."),
    "fund_text_length": N_("Write 1 to {max} characters, please."),
    "fund_decided_in_future": N_("That day has not come yet: write the assembly's date, like 15/11/2026."),
    "installments_range": N_("Write how many monthly installments, from 1 to {max}, each at least a cent."),
    "first_due_before_decision": N_("The first installment falls after the assembly: write a later day."),
}
# A refusal whose status's title would say too little has its own.
TITLES = {
    "token_of_another_organization": N_("This token may not write for that organization."),
    "stock_not_published": N_("Nothing was published: some lines need correcting."),
    "database_unavailable": N_(
        "Our database is not answering right now. Nothing was changed; please try again in a minute."),
}
# Why a stock line was refused (its number is beside it in the answer): a code of market.stock_messages,
# of market.web.api.stock, or of the refusal publishing raised.
LINE_REASONS = {
    "no_quantity": N_("No quantity found: write it like “tomate 20 kg a 8,50”."),
    "too_large": N_("The quantity is too large."),
    "bad_price": N_("The price does not look right: write it like “a 8,50”."),
    "bad_name": N_("A product's name cannot start with =, +, - or @."),
    "no_product": N_("The line names no product."),
    "unknown_product": N_("No product of the organization is called “{written}”."),
    "duplicate_product": N_("{product} is already on line {first}: write each product once."),
    "unit_mismatch": N_("{product} is sold by the {unit}: write its quantity in {unit}."),
    "currency_mismatch": N_("Prices here are in {expected}: convert the price from {currency} at today's rate, or "
                            "write it in {expected}."),
    "content_mismatch": N_("{product} comes in {unit} that hold another amount: write the quantity in its {unit}."),
    "lot_too_small": N_("Your lot of {product} has {lot} {unit}: you cannot take away {taking} {unit}."),
    "price_is_organizations": N_("{product} sells at the organization's price, {price} {currency} per {unit}: "
                                 "write the line without a price."),
    "quantity_not_whole": N_("This product is counted in whole units."),
    "quantity_too_precise": N_("A quantity has at most three decimals."),
    "invalid": N_("This line cannot be published."),
}

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 429: "too_many_requests", 500: "internal_error"}


def problem_response(
    status: int, title: str, translator: Translator, error: FeriaError | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """The problem+json answer for `status`, in the translator's language; `error` is the domain's refusal."""
    _ = translator.gettext
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if error is None:
        body["code"] = _HTTP_CODES.get(status, "http_error")
    elif isinstance(error, Invalid) and error.code in ("invalid_parameters", "invalid_parameter"):
        body |= {"type": PROBLEMS + "invalid-parameters", "code": "invalid_parameters", "detail": detail(error, _),
                 "invalid_params": invalid_params(error, _)}
    else:
        body |= {"type": PROBLEMS + error.code.replace("_", "-"), "code": error.code}
        if error.code in DETAILS:
            body["detail"] = detail(error, _)
        if "lines" in error.params:
            body["lines"] = [_line(entry, _) for entry in error.params["lines"]]
    response = web.json_response(body, status=status, content_type=CONTENT_TYPE, headers=headers)
    response.headers["Content-Language"] = translator.locale.replace("_", "-")
    response.headers["Vary"] = "Accept-Language"
    return response


def invalid_params(error: Invalid, _: Gettext) -> list[dict[str, str]]:
    """`[{"name": "limit", "reason": "Must be a whole number from 1 to 100."}]`, in the person's language."""
    if isinstance(error, InvalidParameters):
        problems = error.problems
    else:
        # A service's refusal names one parameter and, sometimes, why.
        params = dict(error.params)
        name = params.pop("parameter", "")
        problems = [(_API_NAMES.get(name, name), _service_reason(name, params), params)]
    return [
        {"name": name, "reason": _(REASONS.get(reason, REASONS["invalid"])).format_map(_Blanks(params))}
        for name, reason, params in problems
    ]


def detail(error: FeriaError, _: Gettext) -> str | None:
    """The refusal in words, its parameters filled in (the API's `detail`, the error page's line)."""
    return _(DETAILS[error.code]).format_map(_Blanks(error.params)) if error.code in DETAILS else None


def _line(entry: dict[str, Any], _: Gettext) -> dict[str, Any]:
    """A stock line's entry as answered: its reason in words in place of its parameters."""
    params, fallback = entry["params"], LINE_REASONS["invalid"]
    reason = _(LINE_REASONS.get(entry["code"], fallback))
    try:
        reason = reason.format(**params)
    except (KeyError, IndexError):
        reason = _(fallback)
    return {"line": entry["line"], "code": entry["code"], "reason": reason, "suggestions": entry["suggestions"]}


class _Blanks(dict[str, Any]):
    """Parameters for a message; one the message names but the error lacks reads as empty, not a crash."""

    def __missing__(self, key: str) -> str:
        return ""


def _service_reason(name: str, params: dict[str, Any]) -> str:
    if "reason" in params:
        reason: str = params.pop("reason")  # a reason code, as the service names it
        return reason
    if name in ("after", "before"):
        return "unknown_cursor"
    if "min" in params and "max" in params:
        return "out_of_range"
    if "max" in params:
        return "too_long"
    return "invalid"
