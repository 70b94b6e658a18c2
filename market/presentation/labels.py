"""The names on screen of the domain's codes, as gettext message ids.

The domain speaks in codes ("coffee_cocoa", "coraca"); both adapters show them through
these ids and their own translator, so a code has one name in the bot and on the web.
`N_` only marks a string for extraction; nothing here is translated.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from market.enums import (
    SUPPORTED_LOCALES,
    BoardRole,
    DecisionKind,
    DeclarationKind,
    LegalForm,
    Maturity,
    MaturityCriterion,
    OrderStatus,
    ReviewerRole,
    SealStatus,
)


def N_(message: str) -> str:
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for extraction (`-k NP_:1,2`); translated later with ngettext."""
    return singular, plural


CATEGORIES = {
    "vegetables": N_("Vegetables"),
    "fruits": N_("Fruits"),
    "grains": N_("Grains and tubers"),
    "coffee_cocoa": N_("Coffee and cocoa"),
    "honey_preserves": N_("Honey and preserves"),
    "dairy_eggs": N_("Dairy and eggs"),
    "crafts": N_("Crafts"),
    "textiles": N_("Textiles"),
    "beverages": N_("Drinks"),
    "services": N_("Services"),
}

LEGAL_FORMS = {
    LegalForm.COOPERATIVE: N_("Cooperative"),
    LegalForm.ASSOCIATION: N_("Producers' association"),
    LegalForm.OECA: N_("Peasant economic organization (OECA)"),
    LegalForm.CORACA: N_("Peasant agricultural corporation (CORACA)"),
    LegalForm.COMMUNITY_ENTERPRISE: N_("Community enterprise"),
    LegalForm.COLLECTIVE: N_("Collective"),
    LegalForm.OTHER: N_("Other organization"),
}

MATURITY = {
    Maturity.EMBRYONIC: N_("Starting out"),
    Maturity.CONSOLIDATING: N_("Consolidating"),
    Maturity.CONSOLIDATED: N_("Consolidated"),
}

# What a level rests on, or still needs (market.rules.maturity): the same words in both lists.
MATURITY_CRITERIA = {
    MaturityCriterion.LEGAL_PAPERS: N_("Legal papers and tax number recorded"),
    MaturityCriterion.STATUTES: N_("Statutes approved"),
    MaturityCriterion.MEMBERS: N_("A member list in Feria (3 or more)"),
    MaturityCriterion.BOARD_IN_TERM: N_("Board renewed within its term"),
    MaturityCriterion.SALES: N_("Sales through Feria in the last 12 months"),
    MaturityCriterion.MEMBER_REGISTER: N_("Member register updated in the last 12 months"),
    MaturityCriterion.WOMEN_ON_BOARD: N_("Women on the board (30 % or more)"),
    MaturityCriterion.WOMEN_PRODUCERS: N_("Women among the producers (30 % or more)"),
    MaturityCriterion.PRICE_INFORMATION: N_("Prices shared in the last 90 days"),
    MaturityCriterion.SEALS: N_("A valid participatory seal"),
    MaturityCriterion.ASSEMBLY: N_("An assembly held in the last 12 months"),
    MaturityCriterion.CONTRIBUTIONS: N_("Members' contributions in the last 12 months"),
    MaturityCriterion.FUND_ACCOUNTS: N_("A solidarity fund with its accounts in Feria"),
}

DECLARATION_KINDS = {
    DeclarationKind.STATUTES: N_("Statutes approved"),
    DeclarationKind.ASSEMBLY: N_("Assembly held"),
    DeclarationKind.CONTRIBUTIONS: N_("Contributions collected"),
}

# A seat on an organization's board, named as the office (the same word for anyone who holds it).
BOARD_ROLES = {
    BoardRole.PRESIDENT: N_("Presidency"),
    BoardRole.TREASURER: N_("Treasury"),
    BoardRole.ADMIN: N_("Admin"),
}

REVIEWER_ROLES = {
    ReviewerRole.PRODUCER: N_("producer"),
    ReviewerRole.CONSUMER: N_("consumer"),
    ReviewerRole.TECHNICIAN: N_("technician"),
}

# What the grant rule (market.rules.reviews.grant_refusals) finds missing, as "Missing: …" says it.
MISSING_SIGNATURES = {
    "no_outside_producer": N_("the signature of a producer from outside the organization"),
    "no_outside_consumer": N_("the signature of a consumer from outside the organization"),
}

SEAL_STATUS = {
    SealStatus.IN_REVIEW: N_("In review"),
    SealStatus.GRANTED: N_("Valid"),
    SealStatus.SUSPENDED: N_("Suspended"),
    SealStatus.REVOKED: N_("Revoked"),
    SealStatus.EXPIRED: N_("Expired"),
}

ORDER_STATUS = {
    OrderStatus.PLACED: N_("Placed"),
    OrderStatus.CONFIRMED: N_("Confirmed"),
    OrderStatus.READY: N_("Ready for pickup"),
    OrderStatus.DELIVERED: N_("Delivered"),
    OrderStatus.CANCELLED: N_("Cancelled"),
}


def category_label(code: str) -> str:
    """The message id for a category code; an unknown code shows as itself."""
    return CATEGORIES.get(code, code)


def category_name(code: str, stored: Mapping[str, str], locale: str, gettext: Callable[[str], str]) -> str:
    """A category's name for a reader of `locale`: the name an operator stored in their language, else the
    translation catalogs' for a built-in code, else a name stored in another language, else the code.

    An operator's name in the reader's language comes first, so that renaming a built-in category shows.

    | code         | stored                            | locale  | name                              |
    |--------------|-----------------------------------|---------|-----------------------------------|
    | "vegetables" | {}                                | "es"    | gettext("Vegetables"): Hortalizas |
    | "vegetables" | {"es": "Verduras"}                | "es"    | "Verduras"                        |
    | "vegetables" | {"es": "Verduras"}                | "en"    | gettext("Vegetables")             |
    | "seeds"      | {"es": "Semillas", "en": "Seeds"} | "pt_BR" | "Semillas" (es, then pt_BR, en)   |
    | "seeds"      | {}                                | "en"    | "seeds"                           |
    """
    if stored.get(locale):
        return stored[locale]
    if code in CATEGORIES:
        return gettext(CATEGORIES[code])
    return next((stored[other] for other in SUPPORTED_LOCALES if stored.get(other)), code)


# What an operator decides on, as the queue names each kind.
DECISION_KINDS = {
    DecisionKind.ORGANIZATION: N_("Organizations"),
    DecisionKind.PGS_NETWORK: N_("PGS networks"),
    DecisionKind.TERRITORY: N_("Places"),
    DecisionKind.CATEGORY: N_("Categories"),
}

# A unit's short name on screen, singular and plural ("1 bolsa", "3 bolsas"), marked as ngettext pairs so
# that each language says its own plural ("30 docenas", "5 dúzias"); unit_name chooses the form.
UNITS = {
    "kg": NP_("kg", "kg"),
    "g": NP_("g", "g"),
    "lb": NP_("lb", "lb"),
    "t": NP_("t", "t"),
    "quintal": NP_("quintal", "quintals"),
    "arroba": NP_("arroba", "arrobas"),
    "l": NP_("l", "l"),
    "ml": NP_("ml", "ml"),
    "unit": NP_("unit", "units"),
    "dozen": NP_("dozen", "dozens"),
    "bunch": NP_("bunch", "bunches"),
    "bag": NP_("bag", "bags"),
    "sack": NP_("sack", "sacks"),
    "box": NP_("box", "boxes"),
    "jar": NP_("jar", "jars"),
    "bottle": NP_("bottle", "bottles"),
}

# Units counted in whole pieces: a quantity of them is a whole number.
COUNTED_UNITS = frozenset({"unit", "dozen", "bunch", "bag", "sack", "box", "jar", "bottle"})


def unit_name(ngettext: Callable[[str, str, int], str], code: str, count: Decimal | int = 1) -> str:
    """A unit's name for `count` of it in the reader's language ("1 docena", "30 docenas", "2,5 kg"); an unknown
    code shows as itself. Each catalog's plural rule chooses the form.

    | code  | count | en      |
    |-------|-------|---------|
    | dozen | 1     | dozen   |
    | dozen | 30    | dozens  |
    | jar   | 1.5   | jars    |
    | kg    | 3     | kg      |
    | xyz   | 2     | xyz     |
    """
    singular_id, plural_id = UNITS.get(code, (code, code))
    return ngettext(singular_id, plural_id, plural_count(count))


def plural_count(count: Decimal | int) -> int:
    """The whole number gettext's plural rules read for a quantity: a fraction counts as a plural (2).

    | count | read as |
    |-------|---------|
    | 1     | 1       |
    | 1.000 | 1       |
    | 0     | 0       |
    | 0.5   | 2       |
    | 30    | 30      |
    """
    if isinstance(count, Decimal) and count != count.to_integral_value():
        return 2
    return int(count)
