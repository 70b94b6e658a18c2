"""JSON Schemas (2020-12, as OpenAPI 3.1 reads them) of every answer the API gives.

Objects are closed: every property is required (null where a value may be missing) and no
other may appear, so a renamed or forgotten field fails the schema tests.
"""

from __future__ import annotations

from typing import Any

from market.enums import MaturityCriterion

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def obj(description: str | None = None, /, **properties: Schema) -> Schema:
    schema: Schema = {
        "type": "object", "required": list(properties), "properties": properties, "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def text(description: str | None = None, **more: Any) -> Schema:
    return {"type": "string", **({"description": description} if description else {}), **more}


def integer(description: str | None = None, minimum: int = 0) -> Schema:
    return {"type": "integer", "minimum": minimum, **({"description": description} if description else {})}


DECIMAL = text("A decimal number as a string, never a float.", pattern=r"^-?[0-9]+(\.[0-9]+)?$")
DATE = text(format="date")
MOMENT = text(format="date-time")
CODE = text(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
LINK = nullable(text("A relative link to the page on that side; null at the end.", format="uri-reference"))
CRITERIA = [criterion.value for criterion in MaturityCriterion]

SCHEMAS: dict[str, Schema] = {
    "Money": obj(
        "An amount in a currency, rounded to the currency's minor unit.",
        amount=DECIMAL, currency=text("ISO 4217 code.", pattern=r"^[A-Z]{3}$"),
    ),
    "TerritoryRef": obj(code=CODE, name=text(), country_code=text(pattern=r"^[A-Z]{2}$")),
    "Territory": obj(
        code=CODE, name=text(), level=text(enum=["country", "region", "municipality", "community"]),
        parent_code=nullable(text("The code of the territory it lies in; null for a country.")),
        country_code=text(pattern=r"^[A-Z]{2}$"), currency=text(pattern=r"^[A-Z]{3}$"),
        time_zone=text("IANA time zone: closing times and dates there are local."),
    ),
    "TerritoryList": obj(items=array(ref("Territory"))),
    "Category": obj(code=CODE, name=text("The category's name in the answer's language.")),
    "CategorySummary": obj(
        code=CODE, name=text("The category's name in the answer's language."),
        product_count=integer("Products in it that the same filters find at /products.", minimum=1),
    ),
    "CategoryList": obj(items=array(ref("CategorySummary"))),
    "OrganizationRef": obj(slug=CODE, name=text(), legal_form=text(), territory=ref("TerritoryRef")),
    "ProductSummary": obj(
        id=integer(minimum=1), name=text(), unit=text(), category=ref("Category"),
        organization=obj(slug=CODE, name=text()), territory=ref("TerritoryRef"),
        offer=nullable(obj(
            "The current offer; null when it has none on sale.",
            id=integer(minimum=1), price=ref("Money"), stock=DECIMAL,
        )),
        sealed={"type": "boolean", "description": "A seal valid today covers it."},
    ),
    "ProductPage": obj(items=array(ref("ProductSummary")), next=LINK, previous=LINK),
    "ProductSearch": obj(
        items=array(ref("ProductSummary")), next=LINK, previous=LINK,
        corrected=nullable(text("The words searched instead of a typo (`tomate` for `tomatr`): the items are theirs.")),
        suggestions=array(text("A product name near what was searched, when nothing was found: search it instead.")),
    ),
    "Offer": obj(
        id=integer(minimum=1), price=ref("Money"), stock=DECIMAL, unit=text(),
        order_unit_quantity=DECIMAL, pack_size=integer(minimum=1), valid_until=nullable(MOMENT),
    ),
    "FairPrice": obj(
        "The fair price declared for the product nearest to where it is made; the parts add up to the price.",
        price=ref("Money"), unit=text(), territory=obj(code=CODE, name=text()),
        producer_share=ref("Money"), transport=ref("Money"), solidarity_fund=ref("Money"), other_costs=ref("Money"),
        valid_from=DATE, valid_until=nullable(DATE),
        declared_by=obj(organization=nullable(text()), network=nullable(text())),
    ),
    "SealBadge": obj(
        code=text(pattern=r"^[A-Z0-9]{8}$"),
        status=text(enum=["in_review", "granted", "suspended", "revoked", "expired"]),
        valid_today={"type": "boolean"}, valid_from=nullable(DATE), valid_until=nullable(DATE),
        status_reason=text("Why it is suspended or revoked; empty otherwise."),
        network=obj(slug=CODE, name=text()),
    ),
    "ProductCard": obj(
        id=integer(minimum=1), name=text(), description=text(), unit=text(), category=ref("Category"),
        organization=ref("OrganizationRef"), offer=nullable(ref("Offer")),
        seals=array(ref("SealBadge")), fair_price=nullable(ref("FairPrice")),
    ),
    "SealVerification": obj(
        code=text(pattern=r"^[A-Z0-9]{8}$"),
        status=text(enum=["in_review", "granted", "suspended", "revoked", "expired"]),
        valid_today={"type": "boolean"}, status_reason=text(), network=obj(slug=CODE, name=text()),
        organization=ref("OrganizationRef"),
        scope=array(obj(id=integer(minimum=1), name=text(), unit=text(), active={"type": "boolean"})),
        valid_from=nullable(DATE), valid_until=nullable(DATE),
        last_review=nullable(obj(
            visited_on=DATE,
            reviewers=nullable(obj(producer=integer(), consumer=integer(), technician=integer())),
        )),
        visits=array(ref("SealVisit")),
        events=array(ref("SealEvent")),
    ),
    "SealVisit": obj(
        "A visit that granted or renewed the seal (newest first), as the network publishes it: its findings, "
        "observations and photos stay with the network.",
        date=DATE, decision=text(enum=["grant", "renew"]),
        decided_on=nullable(text("When the network decided; null when nothing recorded it.", format="date")),
        checklist_version=nullable(integer("The version of the network's checklist it answered; null: recorded "
                                           "without one.", minimum=1)),
        norms_verified=integer("Norms of the checklist found met."),
        norms_not_applicable=integer("Norms that do not apply to this holder."),
        norms_not_met=integer("Norms not met: a grant then comes with conditions."),
        signers=array(obj(
            "A reviewer who agreed to the visit's record.",
            role=text(enum=["producer", "consumer", "technician"]),
            organization=nullable(obj(slug=CODE, name=text())),
            name=nullable(text("Only for reviewers who agreed to be named publicly.")),
        )),
        conditions=array(obj(
            "A condition of the grant, to be met by its due date.",
            text=text(), due_on=DATE, met_on=nullable(DATE), status=text(enum=["met", "pending", "past_due"]),
        )),
    ),
    "SealEvent": obj(
        "Something that happened to the seal (newest first).",
        kind=text(enum=["requested", "granted", "renewed", "suspended", "reinstated", "revoked", "condition_met"]),
        at=MOMENT,
        reason=text("Why it was suspended or revoked, as buyers read it; empty for every other event."),
    ),
    "OrganizationSummary": obj(
        slug=CODE, name=text(), legal_form=text(), maturity=text(enum=["embryonic", "consolidating", "consolidated"]),
        territory=ref("TerritoryRef"), product_count=integer(),
    ),
    "OrganizationPage": obj(items=array(ref("OrganizationSummary")), next=LINK),
    "OrganizationProfile": obj(
        slug=CODE, name=text(), description=text(), legal_form=text(),
        maturity=text(enum=["embryonic", "consolidating", "consolidated"]), territory=ref("TerritoryRef"),
        producer_count=integer(), solidarity_fund_rate={**DECIMAL, "description": "0.05 is 5 % of each sale."},
        pickup_point=text(), pickup_points=array(text()), product_count=integer(), products=ref("ProductPage"),
        current_seals=array(ref("SealBadge")), other_seals=array(ref("SealBadge")), board=ref("Board"),
        maturity_reasons=ref("MaturityReasons"),
    ),
    "MaturityReasons": obj(
        "What the maturity level rests on (criteria met) and what the next level still needs; empty when "
        "consolidated. Unknown criteria (nothing declared, no register) count as not met.",
        met=array(text(enum=CRITERIA)), raise_by=array(text(enum=CRITERIA)),
    ),
    "Board": obj(
        "Who runs the organization: its admins and the seat each holds, and its term.",
        members=array(obj(name=text(), role=text(enum=["president", "treasurer", "admin"]), since=DATE)),
        renewed_on=nullable(text("The board's last change; null while it has no admin.", format="date")),
        term_months=integer("How many months a term of the board lasts.", minimum=1),
        term_ends_on=nullable(text("The day its term ends; null while it has no admin.", format="date")),
        term_state=nullable(text("current; ending: in its last month; ended: past its end without a renewal.",
                                 enum=["current", "ending", "ended"])),
    ),
    "Network": obj(
        slug=CODE, name=text(), description=text(), territory=ref("TerritoryRef"),
        reviewer_count=integer("Reviewers it has accepted and not retired."),
        valid_seal_count=integer("Its seals valid today."),
    ),
    "NetworkList": obj(items=array(ref("Network"))),
    "LevelPrice": obj(
        "A market level's median over the last 14 days, per unit; null where no price was observed.",
        level=text(enum=["local", "regional", "national"]), median=nullable(ref("Money")),
        observations=integer("Prices observed in those 14 days and counted in the median."),
        left_out=integer("Producer prices of those 14 days left out of the median: more than 3 times, or under a "
                         "third of, the median of the survey and official prices of the same market and days.",
                         minimum=0),
        previous_median=nullable(ref("Money")),
        trend=nullable({**DECIMAL, "description": "(median - previous_median) / previous_median: 0.12 is +12 %; "
                                                  "previous_median is of the 14 days that ended 30 days earlier."}),
    ),
    "PricePoint": obj(day=DATE, price=ref("Money")),
    "PriceSeries": obj(
        "What a product costs around a territory, every price per `unit` in the territory's `currency`.",
        product=obj(name=text(), search_key=text()), territory=ref("TerritoryRef"),
        currency=text("ISO 4217 code.", pattern=r"^[A-Z]{3}$"),
        unit=text("The base unit every price is per: kg, l, or a counted unit such as dozen."),
        levels=array(ref("LevelPrice")),
        fair_price=nullable(obj(
            "The fair price valid today; the parts add up to the price.",
            price=ref("Money"), producer_share=ref("Money"), transport=ref("Money"),
            solidarity_fund=ref("Money"), other_costs=ref("Money"),
            declared_by=text("The organization or network that declared it."), valid_from=DATE,
        )),
        offers=nullable(obj("The catalog's offers on sale in the country.",
                            min=ref("Money"), max=ref("Money"), count=integer(minimum=1))),
        series=obj(
            "Each market level's daily median, oldest first, on the days it has prices.",
            days=integer(minimum=1), local=array(ref("PricePoint")), regional=array(ref("PricePoint")),
            national=array(ref("PricePoint")),
        ),
    ),
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details, with a title (and detail, reasons) in the asked language.",
        "required": ["type", "title", "status", "code"],
        "properties": {
            "type": text("about:blank, or a reference under /api/v1/problems/.", format="uri-reference"),
            "title": text(),
            "status": integer(minimum=400),
            "code": text("A stable word for the problem, e.g. seal_not_found or invalid_parameters."),
            "detail": text(),
            "invalid_params": array(obj(name=text(), reason=text())),
        },
        "additionalProperties": False,
    },
}
