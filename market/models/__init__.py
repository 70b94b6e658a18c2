"""Feria's tortoise-orm models, one module per domain object (see DESIGN.md for the words).

A model's docstring becomes its table comment, and tortoise splits SQLite migrations on
";": keep semicolons out of model docstrings (the migration test would fail).
"""

from market.models.api_tokens import ApiToken
from market.models.catalog import CatalogVersion, Category, Offer, OfferEvent, Product, ProductPhoto
from market.models.demand import SearchMiss, SearchSynonym
from market.models.demo import DemoRow
from market.models.desk import LoginCode, WebSession
from market.models.fairs import FairEvent
from market.models.funds import FundInstallment, FundUse
from market.models.groups import (
    GroupJoinRequest,
    GroupMember,
    MemberOrderRow,
    OrderRound,
    PurchasingGroup,
    RoundAllocation,
    RoundOffer,
)
from market.models.ledger import LedgerEntry
from market.models.lots import Lot, LotChange, LotTake, RoundLotTake
from market.models.messaging import ChatState, InboxUpdate, Notification, Subscription
from market.models.operators import Decision, Operator
from market.models.orders import CartItem, Order, OrderLine
from market.models.organizations import (
    BoardRecord,
    MaturityChange,
    MaturityDeclaration,
    Member,
    Organization,
    PickupPoint,
)
from market.models.payments import PaymentMethod, PaymentProof, Receipt
from market.models.places import Person, Territory, UnitConversion
from market.models.prices import FairPrice, PriceObservation
from market.models.register import MemberEntry, MembershipEvent
from market.models.seals import (
    PeerReview,
    PeerReviewProduct,
    PeerReviewSignature,
    PgsNetwork,
    PgsReviewer,
    Seal,
    SealEvent,
    SealProduct,
)
from market.models.visits import (
    PeerReviewAnswer,
    PeerReviewPhoto,
    PgsChecklist,
    PgsNorm,
    SealCondition,
    VisitRequest,
    VisitRequestProduct,
)

__models__ = [
    Territory, UnitConversion, Person,
    Organization, Member, BoardRecord, PickupPoint, ApiToken,
    Category, Product, Offer, OfferEvent, CatalogVersion, SearchMiss, SearchSynonym,
    PgsNetwork, PgsReviewer, Seal, SealProduct, PeerReview, PeerReviewProduct, PeerReviewSignature, SealEvent,
    PurchasingGroup, GroupMember, OrderRound, RoundOffer, MemberOrderRow, RoundAllocation,
    CartItem, Order, OrderLine,
    PriceObservation, FairPrice,
    InboxUpdate, Notification, ChatState, Subscription, FairEvent,
    LedgerEntry,
    DemoRow,
    Operator, Decision,
    MaturityDeclaration, MaturityChange,
    GroupJoinRequest,
    MemberEntry, MembershipEvent,
    Lot, LotChange, LotTake, RoundLotTake,
    ProductPhoto,
    PgsChecklist, PgsNorm, VisitRequest, VisitRequestProduct, PeerReviewAnswer, PeerReviewPhoto, SealCondition,
    PaymentMethod, PaymentProof, Receipt, FundUse, FundInstallment,
    LoginCode, WebSession,
]

# Written out, not computed from __models__, so that the type checker sees what the package exports (a test holds
# the two lists equal).
__all__ = [
    "Territory", "UnitConversion", "Person", "Organization", "Member", "BoardRecord", "PickupPoint", "ApiToken", "Category",
    "Product", "Offer", "OfferEvent", "CatalogVersion", "SearchMiss", "SearchSynonym", "PgsNetwork", "PgsReviewer", "Seal",
    "SealProduct", "PeerReview", "PeerReviewProduct", "PeerReviewSignature", "SealEvent", "PurchasingGroup",
    "GroupMember", "OrderRound", "RoundOffer", "MemberOrderRow", "RoundAllocation", "CartItem", "Order",
    "OrderLine", "PriceObservation", "FairPrice", "InboxUpdate", "Notification", "ChatState", "Subscription",
    "FairEvent", "LedgerEntry", "DemoRow", "Operator", "Decision", "MaturityDeclaration", "MaturityChange",
    "GroupJoinRequest",
    "MemberEntry", "MembershipEvent",
    "Lot", "LotChange", "LotTake", "RoundLotTake",
    "ProductPhoto",
    "PgsChecklist", "PgsNorm", "VisitRequest", "VisitRequestProduct", "PeerReviewAnswer", "PeerReviewPhoto",
    "SealCondition",
    "PaymentMethod", "PaymentProof", "Receipt", "FundUse", "FundInstallment",
    "LoginCode", "WebSession",
]
