"""The names on screen of the domain's codes, as gettext message ids.

The domain speaks in codes ("coffee_cocoa", "coraca"); both adapters show them through
these ids and their own translator, so a code has one name in the bot and on the web.
`N_` only marks a string for extraction; nothing here is translated.
"""

from market.models.enums import LegalForm, Maturity, OrderStatus, SealStatus


def N_(message: str) -> str:
    return message


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
