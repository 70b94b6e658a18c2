"""Every refusal Feria can answer with, declared once: its code, kind, parameters and the doors that meet it.

A refusal is raised as one of market.errors' classes with a code and parameters,
`Conflict("not_enough_stock", product=..., available=..., unit=...)`; FeriaError refuses a code not
declared here, a class that is not the code's kind, and a parameter the code does not declare. The code
is a wire word (the API's `code`, logs, scripts): never change or reuse one.

| kind        | raised as   | HTTP status, unless the code says otherwise |
|-------------|-------------|---------------------------------------------|
| not_found   | NotFound    | 404                                         |
| invalid     | Invalid     | 400                                         |
| forbidden   | Forbidden   | 403                                         |
| conflict    | Conflict    | 409                                         |
| unavailable | Unavailable | 503                                         |

A door is where a person meets a refusal, and each has its words for every code it meets:

| door | where                                         | its words                                                   |
|------|-----------------------------------------------|-------------------------------------------------------------|
| bot  | a handler of bot/flows, by the error handler  | bot.flows.errors.REFUSALS (gettext)                         |
| api  | under /api/, by the error middleware          | market.web.api.problems DETAILS or TITLES (gettext)         |
| web  | the pages, by the same middleware             | the same, on the error page                                 |
| cli  | `python -m market.cli`                        | market.cli.REFUSALS (English, for the person at a terminal) |

tests/test_refusals.py reads the source: every code raised anywhere in market/ and bot/ is declared
here with the kind and parameters it is raised with, every door that can reach it (by which adapter
calls which service) is among its doors, and each of its doors has words for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What sort of refusal: the class it is raised as (market.errors), and its HTTP status."""

    NOT_FOUND = "not_found"
    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    UNAVAILABLE = "unavailable"


STATUS = {Kind.NOT_FOUND: 404, Kind.INVALID: 400, Kind.FORBIDDEN: 403, Kind.CONFLICT: 409, Kind.UNAVAILABLE: 503}
DOORS = frozenset({"bot", "api", "web", "cli"})


@dataclass(frozen=True)
class Refusal:
    code: str
    kind: Kind
    params: frozenset[str]  # every parameter it may be raised with (a site may give fewer)
    doors: frozenset[str]  # where a person can meet it (none: it is caught before anyone sees it)
    status: int  # its HTTP status


def _declare(*rows: tuple[str, Kind, str, str] | tuple[str, Kind, str, str, int]) -> dict[str, Refusal]:
    """(code, kind, doors, params[, status]) rows, doors and params as words separated by spaces."""
    registry: dict[str, Refusal] = {}
    for code, kind, doors, params, *status in rows:
        if code in registry or not DOORS.issuperset(doors.split()):
            raise ValueError(f"refusal {code!r}: declared twice, or at a door that does not exist")
        registry[code] = Refusal(code, kind, frozenset(params.split()), frozenset(doors.split()),
                                 status[0] if status else STATUS[kind])
    return registry


NOT_FOUND, INVALID, FORBIDDEN, CONFLICT, UNAVAILABLE = Kind

REGISTRY = _declare(
    # code                              kind         doors              params
    # The catalog: organizations, products, offers, stock written as plain lines.
    ("organization_not_found",          NOT_FOUND,   "bot api web cli", "organization slug"),
    ("product_not_found",               NOT_FOUND,   "bot api web",     "product_id"),
    ("category_not_found",              NOT_FOUND,   "bot web",         "category_code"),
    ("territory_not_found",             NOT_FOUND,   "bot api web cli", "territory_code"),
    ("offer_not_found",                 NOT_FOUND,   "bot web",         "offer_id"),
    ("not_a_member",                    FORBIDDEN,   "bot api web",     "organization_id"),
    # Writing to the buyer of a received order (market.services.orders.buyers).
    ("message_missing",                 INVALID,     "bot",             ""),
    ("message_too_long",                INVALID,     "bot",             "limit"),
    ("buyer_unreachable",               CONFLICT,    "bot",             ""),
    ("stock_negative",                  INVALID,     "bot web",         ""),
    ("stock_too_large",                 INVALID,     "bot web",         "max"),
    ("price_too_large",                 INVALID,     "bot web",         "max"),
    ("valid_until_past",                INVALID,     "bot web",         ""),
    ("duplicate_product",               INVALID,     "bot api",         "product line first"),
    # A stock draft (market.services.stock.drafts): a stale button on a line, a stored draft no longer readable.
    ("line_not_pickable",               INVALID,     "bot api",         "line"),
    ("stock_draft_unreadable",          INVALID,     "bot api",         ""),
    ("category_needed",                 INVALID,     "bot api",         "product"),
    ("price_needed",                    INVALID,     "bot api",         "product"),
    ("bad_name",                        INVALID,     "bot api",         "product"),
    ("unit_mismatch",                   INVALID,     "bot api",         "product unit"),
    ("currency_mismatch",               INVALID,     "bot api",         "currency expected product"),
    # Lots (market.services.lots): "-3" beyond one's lot, an offer's total below its members' lots, a producer's
    # price that is not the organization's.
    ("lot_too_small",                   INVALID,     "bot api",         "product lot taking unit"),
    ("stock_below_lots",                INVALID,     "bot web",         "product lots unit"),
    ("price_is_organizations",          INVALID,     "bot api",         "product price currency unit"),
    # Bags of another content than the product's that make no whole number of its bags (market.rules.units).
    ("content_mismatch",                INVALID,     "bot api",         "product unit"),
    # The exchange rate typed for a price in another currency (market.services.stock.drafts).
    ("bad_rate",                        INVALID,     "bot api",         ""),
    # Quantities, amounts and moments as people type them (market.rules).
    ("bad_quantity",                    INVALID,     "bot web",         "text"),
    ("quantity_not_positive",           INVALID,     "bot api web",     "unit"),
    ("quantity_not_whole",              INVALID,     "bot api web",     "unit"),
    ("quantity_too_precise",            INVALID,     "bot api web",     "unit places"),
    ("amount_not_positive",             INVALID,     "bot web",         ""),
    ("amount_below_minor_unit",         INVALID,     "bot web",         "currency"),
    ("bad_moment",                      INVALID,     "bot web",         ""),
    ("moment_past",                     INVALID,     "bot web cli",     ""),
    # The cart and orders.
    ("cart_empty",                      INVALID,     "bot",             ""),
    ("not_enough_stock",                CONFLICT,    "bot",             "product available unit"),
    ("mixed_currencies",                INVALID,     "bot web",         "organization"),
    ("delivery_note_missing",           INVALID,     "bot",             ""),
    ("delivery_note_too_long",          INVALID,     "bot",             "limit"),
    ("bad_idempotency_key",             INVALID,     "bot",             "limit"),
    ("idempotency_key_reused",          CONFLICT,    "bot",             ""),
    ("order_not_found",                 NOT_FOUND,   "bot web",         ""),
    ("not_your_order",                  FORBIDDEN,   "bot web",         ""),
    ("order_not_cancellable",           CONFLICT,    "bot web",         "status"),
    ("order_not_refusable",             CONFLICT,    "bot web",         "status"),
    ("order_status_changed",            CONFLICT,    "bot web",         "status"),
    ("order_already_paid",              CONFLICT,    "bot web",         ""),
    ("transition_not_allowed",          INVALID,     "bot web",         "status to"),
    ("reason_missing",                  INVALID,     "bot web cli",     ""),
    ("reason_too_long",                 INVALID,     "bot web cli",     "limit"),
    # Proofs of payment and refunds (market.services.payments.proofs, market.services.orders.refunds).
    ("order_cancelled",                 CONFLICT,    "bot",             ""),
    ("proof_pending",                   CONFLICT,    "bot",             ""),
    ("proof_not_found",                 NOT_FOUND,   "bot web",         ""),
    ("proof_already_confirmed",         CONFLICT,    "bot web",         "by"),
    ("proof_already_rejected",          CONFLICT,    "bot web",         "by"),
    ("refund_not_owed",                 CONFLICT,    "bot web",         ""),
    ("refund_already_paid",             CONFLICT,    "bot web",         ""),
    ("order_paid_ask_organization",     CONFLICT,    "bot",             "organization"),
    # Organizations' producers and admins.
    ("invite_not_found",                NOT_FOUND,   "bot",             ""),
    ("membership_not_found",            NOT_FOUND,   "bot api web",     ""),
    ("membership_requested",            CONFLICT,    "bot",             ""),
    ("not_an_admin",                    FORBIDDEN,   "bot api web cli", "person organization network"),
    ("leave_board_first",               CONFLICT,    "bot",             ""),
    # The member register (market.services.organizations.register).
    ("community_name_length",           INVALID,     "bot web",         "max"),
    ("production_line_unreadable",      INVALID,     "bot web",         "line"),
    ("production_too_many_lines",       INVALID,     "bot web",         "max"),
    ("family_size_invalid",             INVALID,     "bot web",         "min max"),
    ("register_entry_changed",          CONFLICT,    "bot web",         ""),
    # Purchasing groups and their rounds.
    ("group_not_found",                 NOT_FOUND,   "bot web",         ""),
    ("group_name_length",               INVALID,     "bot",             "min max"),
    ("pickup_point_too_long",           INVALID,     "bot web",         "limit"),
    ("not_a_group_member",              FORBIDDEN,   "bot web",         ""),
    ("not_a_coordinator",               FORBIDDEN,   "bot web",         ""),
    ("last_coordinator",                CONFLICT,    "bot",             ""),
    ("not_a_group_chat",                INVALID,     "bot",             ""),
    ("chat_linked_elsewhere",           CONFLICT,    "bot",             "group"),
    ("join_request_not_found",          NOT_FOUND,   "bot",             ""),
    ("join_already_decided",            CONFLICT,    "bot",             ""),
    ("round_not_found",                 NOT_FOUND,   "bot web",         ""),
    ("round_offer_not_found",           NOT_FOUND,   "bot web",         ""),
    ("bulk_order_not_found",            NOT_FOUND,   "bot",             ""),
    ("closes_at_in_past",               INVALID,     "bot web",         ""),
    ("closes_at_not_later",             INVALID,     "bot web",         ""),
    ("pickup_before_close",             INVALID,     "bot web",         "pickup"),
    ("no_offers",                       INVALID,     "bot web",         ""),
    ("not_whole_units",                 INVALID,     "bot web",         "field"),
    ("amount_not_in_order_units",       INVALID,     "bot web",         "step below above unit"),
    ("amount_below_order_unit",         INVALID,     "bot web",         "step unit"),
    ("written_in_other_unit",           INVALID,     "bot web",         "unit"),
    ("round_stock_exceeded",            CONFLICT,    "bot",             "units available unit"),
    ("round_closed",                    CONFLICT,    "bot web",         ""),
    ("round_not_due",                   CONFLICT,    "bot web",         ""),
    ("round_not_closable",              CONFLICT,    "bot web",         "status"),
    ("round_not_closed",                CONFLICT,    "bot web",         "status"),
    ("round_settled",                   CONFLICT,    "bot web",         ""),
    ("nothing_owed",                    CONFLICT,    "bot",             ""),
    ("note_too_long",                   INVALID,     "bot web",         "limit"),
    # Alerts.
    ("too_many_alerts",                 INVALID,     "bot",             "max"),
    ("alert_kind_not_offered",          INVALID,     "bot",             "kind"),
    ("alert_product_too_long",          INVALID,     "bot",             "limit"),
    ("alert_product_or_category",       INVALID,     "bot",             ""),
    ("alert_product_missing",           INVALID,     "bot",             ""),
    ("alert_currency_needed",           INVALID,     "bot",             ""),
    ("alert_not_found",                 NOT_FOUND,   "bot",             ""),
    ("bad_mute_hours",                  INVALID,     "bot",             ""),
    ("bad_quiet_hours",                 INVALID,     "bot",             ""),
    ("price_observation_not_found",     NOT_FOUND,   "",                ""),  # a notice whose price is gone: skipped
    # Market prices, fair prices, ferias.
    ("price_product_not_found",         NOT_FOUND,   "bot api web",     "search_key"),
    ("not_allowed_to_record_prices",    FORBIDDEN,   "bot",             ""),
    ("bad_product_name",                INVALID,     "bot",             "max"),
    ("bad_price",                       INVALID,     "bot",             "max"),
    ("unknown_unit",                    INVALID,     "bot cli",         "unit"),
    ("observed_in_future",              INVALID,     "bot",             ""),
    ("unreadable_file",                 INVALID,     "cli web",         "detail"),
    ("fair_declarer_needed",            INVALID,     "bot cli",         ""),
    ("fair_product_name_length",        INVALID,     "bot cli",         "max"),
    ("fair_price_part_negative",        INVALID,     "bot cli",         "part amount"),
    ("fair_price_out_of_range",         INVALID,     "bot cli",         "price max"),
    ("fair_price_ends_before_it_starts", INVALID,    "bot cli",         "valid_from valid_until"),
    ("fair_price_not_found",            NOT_FOUND,   "bot cli",         ""),
    ("fair_announcer_needed",           INVALID,     "bot cli",         ""),
    ("fair_title_length",               INVALID,     "bot cli",         "max"),
    ("fair_place_length",               INVALID,     "bot cli",         "max"),
    ("fair_participants_too_long",      INVALID,     "bot cli",         "limit"),
    ("fair_not_found",                  NOT_FOUND,   "bot cli",         ""),
    ("fair_ends_before_it_starts",      INVALID,     "bot cli",         "starts_at ends_at"),
    # An amount typed in the chat (market.rules.amounts.parse_money): "12,50", "Bs 12,5".
    ("bad_amount",                      INVALID,     "bot web",         "currency"),
    ("bad_date",                        INVALID,     "bot web",         "example"),
    # Seals and peer reviews (the seal transitions of market.rules.reviews name the action and status).
    ("seal_not_found",                  NOT_FOUND,   "bot api web cli", "seal_code"),
    ("network_not_found",               NOT_FOUND,   "bot web cli",     "network"),
    ("not_a_reviewer",                  FORBIDDEN,   "bot web cli",     "person network organization"),
    ("not_on_committee",                FORBIDDEN,   "bot web cli",     "person network organization"),
    ("network_name_length",             INVALID,     "bot",             "min max"),
    ("network_description_too_long",    INVALID,     "bot",             "limit"),
    ("network_not_approved",            CONFLICT,    "bot web",         "name"),
    ("network_norms_too_long",          INVALID,     "bot",             "limit"),
    ("producer_reviewer_needs_organization", INVALID, "bot web",        ""),
    ("reviewer_organization_not_theirs", INVALID,    "bot web",         ""),
    ("reviewer_not_found",              NOT_FOUND,   "bot web",         "person_id"),
    ("last_committee_member",           CONFLICT,    "bot web",         ""),
    ("checklist_norm_count",            INVALID,     "bot web",         "min max"),
    ("checklist_norm_length",           INVALID,     "bot web",         "number min max"),
    ("checklist_norm_repeated",         INVALID,     "bot web",         "number"),
    ("checklist_changed",               CONFLICT,    "bot web",         ""),
    ("checklist_not_found",             NOT_FOUND,   "bot web",         ""),
    ("member_of_reviewed_organization", FORBIDDEN,   "bot web cli",     "person"),
    ("review_holder_missing",           INVALID,     "cli",             ""),
    ("seal_of_another_holder",          INVALID,     "cli",             "seal_code"),
    ("no_seal_to_renew",                INVALID,     "bot web cli",     "organization network"),
    ("no_signatures",                   INVALID,     "cli",             ""),
    ("duplicate_signer",                INVALID,     "cli",             "person_id"),
    ("signatures_insufficient",         INVALID,     "bot web cli",     "reasons"),
    ("producer_not_of_organization",    INVALID,     "cli",             "person"),
    ("no_products",                     INVALID,     "bot cli",         ""),
    ("product_not_of_organization",     INVALID,     "bot cli",         "product organization"),
    ("findings_too_long",               INVALID,     "bot cli",         "limit"),
    ("visit_in_future",                 INVALID,     "bot cli",         "visited_on"),
    ("visit_too_old",                   INVALID,     "bot web cli",     "visited_on"),
    ("visit_before_last_review",        INVALID,     "bot web cli",     "last_review_on"),
    ("seal_already_granted",            CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_not_granted",                CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_not_suspended",              CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_already_suspended",          CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_expired",                    CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_revoked",                    CONFLICT,    "bot web cli",     "seal_code status action"),
    ("seal_status_changed",             CONFLICT,    "bot web cli",     "seal_code"),
    ("seal_code_unavailable",           CONFLICT,    "bot web cli",     ""),
    # The committee decides visits and acts on seals (market.services.seals.decisions, .desk).
    ("visit_not_found",                 NOT_FOUND,   "bot web",         ""),
    ("visit_already_decided",           CONFLICT,    "bot web",         ""),
    ("norm_not_met",                    INVALID,     "bot web",         ""),
    ("conditions_missing",              INVALID,     "bot web",         ""),
    ("too_many_conditions",             INVALID,     "bot web",         "max"),
    ("condition_too_long",              INVALID,     "bot web",         "limit"),
    ("condition_due_past",              INVALID,     "bot web",         "due_on"),
    ("condition_due_missing",           INVALID,     "bot",             "line"),
    ("condition_not_found",             NOT_FOUND,   "bot web",         ""),
    ("condition_already_met",           CONFLICT,    "bot web",         ""),
    # Visits in the chat (market.services.seals.requests, visits, signing): requests, drafts and signatures.
    ("visit_request_not_found",         NOT_FOUND,   "bot",             ""),
    ("visit_already_requested",         CONFLICT,    "bot",             ""),
    ("visit_request_not_open",          CONFLICT,    "bot",             ""),
    ("visit_request_taken",             CONFLICT,    "bot",             ""),
    ("reviewer_without_role",           FORBIDDEN,   "bot",             ""),
    ("not_the_visit_lead",              FORBIDDEN,   "bot",             ""),
    ("visit_not_editable",              CONFLICT,    "bot",             ""),
    ("norm_not_found",                  NOT_FOUND,   "bot",             ""),
    ("observation_too_long",            INVALID,     "bot",             "limit"),
    ("co_reviewer_is_lead",             INVALID,     "bot",             ""),
    ("grant_with_a_no",                 INVALID,     "bot",             ""),
    ("condition_text_length",           INVALID,     "bot",             "max"),
    ("condition_due_not_future",        INVALID,     "bot",             ""),
    ("norms_unanswered",                INVALID,     "bot",             "count"),
    ("proposal_missing",                INVALID,     "bot",             ""),
    ("not_invited_to_sign",             FORBIDDEN,   "bot",             ""),
    ("visit_not_signing",               CONFLICT,    "bot",             ""),
    ("signatures_pending",              CONFLICT,    "bot",             "count"),
    # People and their data.
    ("person_not_found",                NOT_FOUND,   "bot web cli",     "person_id handle"),
    ("person_ambiguous",                INVALID,     "cli",             "handle"),
    ("unsupported_locale",              INVALID,     "bot web",         "locale"),
    ("forget_last_coordinator",         CONFLICT,    "bot",             "group"),
    ("forget_last_admin",               CONFLICT,    "bot",             "organization"),
    # An organization's board (market.services.organizations.board): naming admins, handing over, stepping down.
    ("board_member_not_found",          NOT_FOUND,   "bot web",         ""),
    ("already_an_admin",                CONFLICT,    "bot web",         ""),
    ("already_in_office",               CONFLICT,    "bot web",         ""),
    ("not_the_office_holder",           FORBIDDEN,   "bot web",         ""),
    ("last_admin",                      CONFLICT,    "bot web",         ""),
    ("term_months_invalid",             INVALID,     "bot web",         "min max"),
    # Maturity (market.services.organizations.maturity_declarations): a declared day on the organization's calendar.
    ("declared_day_in_future",          INVALID,     "bot web",         ""),
    ("declared_day_too_early",          INVALID,     "bot web",         "year"),
    # Operators (market.services.operators): their roles, named by a person reference the bot and the CLI read
    # (the CLI names whom in a refusal of remove_operator: `who`), their decisions and the categories they keep.
    ("not_an_operator",                 FORBIDDEN,   "bot cli web",     ""),
    ("person_not_started",              NOT_FOUND,   "bot web cli",     "telegram_user_id"),
    ("username_unknown",                NOT_FOUND,   "bot web cli",     "username"),
    ("bad_person_reference",            INVALID,     "bot web cli",     ""),
    ("forward_hidden",                  INVALID,     "bot",             ""),
    ("operator_not_found",              NOT_FOUND,   "bot web cli",     "who"),
    ("last_operator",                   CONFLICT,    "bot web cli",     "who"),
    ("forget_last_operator",            CONFLICT,    "bot",             ""),
    ("decision_subject_not_found",      NOT_FOUND,   "bot web",         ""),
    ("already_decided",                 CONFLICT,    "bot web",         "name"),
    ("decision_not_found",              NOT_FOUND,   "bot web",         ""),
    ("category_code_invalid",           INVALID,     "bot web",         ""),
    ("category_exists",                 CONFLICT,    "bot web",         "category_code"),
    ("category_name_invalid",           INVALID,     "bot web",         "max"),
    # Registering an organization in the chat (market.services.organizations.registration) and choosing or
    # proposing its place (market.services.territories).
    ("organization_name_length",        INVALID,     "bot",             "min max"),
    ("legal_form_unknown",              INVALID,     "bot",             ""),
    ("tax_number_not_cnpj_or_cpf",      INVALID,     "bot",             ""),
    ("tax_number_not_rfc",              INVALID,     "bot",             ""),
    ("tax_number_not_nit",              INVALID,     "bot",             "min max"),
    ("tax_number_bad_characters",       INVALID,     "bot",             "min max"),
    ("pickup_point_length",             INVALID,     "bot",             "min max"),
    ("too_many_pickup_points",          INVALID,     "bot",             "max"),
    ("fund_rate_range",                 INVALID,     "bot",             "max"),
    ("description_too_long",            INVALID,     "bot",             "limit"),
    ("time_zone_unknown",               INVALID,     "bot web cli",     ""),
    ("registration_busy",               CONFLICT,    "bot",             ""),
    ("place_query_length",              INVALID,     "bot",             "min max"),
    ("territory_name_length",           INVALID,     "bot",             "min max"),
    ("territory_exists",                CONFLICT,    "bot",             "name"),
    # What each family is owed (market.services.organizations.statements, statement_payments).
    ("margin_range",                    INVALID,     "bot web",         "max"),
    ("producer_not_found",              NOT_FOUND,   "bot web",         ""),
    ("payment_not_found",               NOT_FOUND,   "bot web",         ""),
    ("payment_already_corrected",       CONFLICT,    "bot web",         ""),
    # Ways to pay (market.services.payments.methods, .order_payment): what an admin or coordinator writes for one,
    # and a buyer's choice of one for an order.
    ("payment_text_length",             INVALID,     "bot web",         "min max"),
    ("pix_key_invalid",                 INVALID,     "bot web",         ""),
    ("pix_needs_brazil",                INVALID,     "bot web",         ""),
    ("payment_qr_missing",              INVALID,     "bot web",         ""),
    ("payment_methods_too_many",        INVALID,     "bot web",         "max"),
    ("payment_method_not_found",        NOT_FOUND,   "bot web",         ""),
    ("payment_method_not_offered",      CONFLICT,    "bot",             ""),
    ("order_not_payable",               CONFLICT,    "bot",             ""),
    # API tokens (market.services.api_tokens): the API answers a token it cannot accept with 401.
    ("token_label_length",              INVALID,     "cli",             "max"),
    ("token_not_found",                 NOT_FOUND,   "cli",             "organization prefix"),
    ("token_malformed",                 FORBIDDEN,   "api",             "",                     401),
    ("token_unknown",                   FORBIDDEN,   "api",             "",                     401),
    ("token_revoked",                   FORBIDDEN,   "api",             "",                     401),
    ("token_maker_not_admin",           FORBIDDEN,   "api",             "",                     401),
    # The stock API's own (market.web.api.stock): a request it cannot read, a token of another organization,
    # and lines it cannot publish, each named with why (`lines`, see market.web.api.problems).
    ("token_missing",                   FORBIDDEN,   "api",             "",                     401),
    ("token_of_another_organization",   FORBIDDEN,   "api",             ""),
    ("body_too_large",                  INVALID,     "api",             "",                     413),
    ("body_not_json",                   INVALID,     "api",             ""),
    ("stock_not_published",             INVALID,     "bot api",         "lines",                422),
    # Receipts (market.services.receipts.views): a code nobody was given, or another person's receipt.
    ("receipt_not_found",               NOT_FOUND,   "bot web",         ""),
    ("login_code_not_found",            NOT_FOUND,   "bot",             ""),
    # A solidarity fund's uses and loans (market.services.funds).
    ("fund_too_small",                  CONFLICT,    "bot web",         "balance currency"),
    ("fund_use_not_found",              NOT_FOUND,   "bot web",         ""),
    ("borrower_not_found",              NOT_FOUND,   "bot web",         ""),
    ("repayment_above_left",            INVALID,     "bot web",         "left currency"),
    ("fund_text_length",                INVALID,     "bot web",         "max"),
    ("fund_decided_in_future",          INVALID,     "bot web",         ""),
    ("installments_range",              INVALID,     "bot web",         "max"),
    ("first_due_before_decision",       INVALID,     "bot web",         ""),
    # An organization's products at the desk (market.services.stock.product_fields, .imports): a cell or field
    # naming no category or unit, a pack size that is no whole number, and a spreadsheet imported whole or not at all.
    ("category_unknown",                INVALID,     "web",             "category"),
    ("unit_unknown",                    INVALID,     "web",             "unit"),
    ("bad_pack_size",                   INVALID,     "web",             "max"),
    ("import_refused",                  INVALID,     "web",             "rows"),
    ("import_unreadable",               INVALID,     "web",             "reason columns max"),
    # The web adapter's own: a bad query (one parameter named by a service, or several by the API's
    # parser), and the database out of reach.
    ("invalid_parameter",               INVALID,     "bot api web cli", "parameter reason min max"),
    ("invalid_parameters",              INVALID,     "api web",         "problems"),
    ("database_unavailable",            UNAVAILABLE, "api web",         ""),
)


def declared(code: str) -> Refusal:
    """The declaration of `code`; ValueError when there is none."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise ValueError(f"refusal code {code!r} is not declared in market/refusals.py") from None
