"""The closed vocabularies of the domain, stored as short strings.

This module imports nothing of the ORM (nor of Feria): pure rules, the presentation and the adapters read
these names without loading tortoise and every model (tests/test_architecture.py holds it to that).
"""

from enum import StrEnum


class TerritoryLevel(StrEnum):
    COMMUNITY = "community"
    MUNICIPALITY = "municipality"
    REGION = "region"
    COUNTRY = "country"


class TerritoryStatus(StrEnum):
    """Whether a place is on the lists: a community a person proposed waits for an operator."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class LegalForm(StrEnum):
    COOPERATIVE = "cooperative"
    ASSOCIATION = "association"
    OECA = "oeca"
    CORACA = "coraca"
    COMMUNITY_ENTERPRISE = "community_enterprise"
    COLLECTIVE = "collective"
    OTHER = "other"


class Maturity(StrEnum):
    EMBRYONIC = "embryonic"
    CONSOLIDATING = "consolidating"
    CONSOLIDATED = "consolidated"


class MaturityCriterion(StrEnum):
    """What an organization's maturity rests on (market.rules.maturity): seed 002's evidence, in Feria's words."""

    LEGAL_PAPERS = "legal_papers"
    STATUTES = "statutes"
    MEMBERS = "members"
    BOARD_IN_TERM = "board_in_term"
    SALES = "sales"
    MEMBER_REGISTER = "member_register"
    WOMEN_ON_BOARD = "women_on_board"
    WOMEN_PRODUCERS = "women_producers"
    PRICE_INFORMATION = "price_information"
    SEALS = "seals"
    ASSEMBLY = "assembly"
    CONTRIBUTIONS = "contributions"
    FUND_ACCOUNTS = "fund_accounts"


class CriterionState(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"  # Feria has no evidence either way (nothing declared, no register yet): not met


class DeclarationKind(StrEnum):
    """What only people can say about their organization, each declared by an admin with a date."""

    STATUTES = "statutes"  # the statutes were approved
    ASSEMBLY = "assembly"  # a members' assembly was held
    CONTRIBUTIONS = "contributions"  # the members' contributions were collected


class OrganizationStatus(StrEnum):
    """Whether an operator let an organization in: only approved ones are in the catalog, directory and API."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class NetworkStatus(StrEnum):
    """Whether an operator let a PGS network in: only approved ones are in the directory, API, seals and fairs."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class DecisionKind(StrEnum):
    """What an operator's decision is about (market.models.operators.Decision names one by kind and id)."""

    ORGANIZATION = "organization"
    PGS_NETWORK = "pgs_network"
    TERRITORY = "territory"
    CATEGORY = "category"


class MemberRole(StrEnum):
    PRODUCER = "producer"
    ADMIN = "admin"


class BoardRole(StrEnum):
    """A seat on an organization's board (market.models.organizations.BoardRecord): every admin holds one, and at
    most one admin holds each office (the presidency, the treasury) at a time."""

    PRESIDENT = "president"
    TREASURER = "treasurer"
    ADMIN = "admin"


class BoardChange(StrEnum):
    """What an admin does to the board with another member (market.services.organizations.board)."""

    NAME_ADMIN = "name_admin"  # a producer becomes admin
    PRESIDENCY = "presidency"  # hand over the presidency (or name a president when there is none)
    TREASURY = "treasury"  # hand over the treasury (or name a treasurer when there is none)
    SEAT = "seat"  # hand over one's own seat: a producer takes it, with its office, and one leaves the board


class TermState(StrEnum):
    """Where a board is in its term (market.rules.board.term_state)."""

    CURRENT = "current"
    ENDING = "ending"  # in its last month: the admins are reminded
    ENDED = "ended"  # past its end without a renewal


class MembershipStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    LEFT = "left"


class MembershipEventKind(StrEnum):
    """A step of a person's membership of an organization (market.models.register.MembershipEvent)."""

    REQUESTED = "requested"  # asked to join through the invitation link
    REQUESTED_AGAIN = "requested_again"  # asked again after a refusal or after leaving: re-joining
    APPROVED = "approved"
    REFUSED = "refused"
    LEFT = "left"  # left the organization (or had their data erased)


class Gender(StrEnum):
    """Self-declared in the member register, counted only in totals (market.services.organizations.register)."""

    WOMAN = "woman"
    MAN = "man"
    ANOTHER = "another"
    UNDISCLOSED = "undisclosed"  # prefers not to say: counted as not declared


class OfferStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class OfferEventKind(StrEnum):
    NEW_STOCK = "new_stock"
    PRICE_CHANGE = "price_change"
    SOLD_OUT = "sold_out"
    WITHDRAWN = "withdrawn"


class LotChangeReason(StrEnum):
    """Why a lot's stock changed (market.models.lots.LotChange)."""

    POSTED = "posted"  # a stock message set it ("tomate 20 kg")
    ADDED = "added"  # "+5"
    TAKEN = "taken"  # "-3": the producer took some away
    SOLD = "sold"  # checkout took it for an order line
    GIVEN_BACK = "given_back"  # the order was cancelled or refused
    MIGRATED = "migrated"  # migration 0022 turned the offer's stock into the organization's own lot


class SealStatus(StrEnum):
    IN_REVIEW = "in_review"
    GRANTED = "granted"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    # Never stored: a granted seal past valid_until *reads* as expired (see market.rules.seals).
    EXPIRED = "expired"


class ReviewerRole(StrEnum):
    PRODUCER = "producer"
    CONSUMER = "consumer"
    TECHNICIAN = "technician"


class ReviewDecision(StrEnum):
    PENDING = "pending"
    GRANT = "grant"
    RENEW = "renew"
    DENY = "deny"


class ReviewStage(StrEnum):
    """Where a visit's record stands: recorded at once (the CLI), or made in the chat step by step.

    draft (the lead reviewer fills it) → signing (co-reviewers asked to sign) → proposed (to the committee)
    → decided (the committee granted, renewed, denied); withdrawn: the lead dropped it before a decision.
    """

    DRAFT = "draft"
    SIGNING = "signing"
    PROPOSED = "proposed"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class VisitProposal(StrEnum):
    """What the reviewers of a visit propose to the network's committee."""

    GRANT = "grant"
    CONDITIONS = "conditions"  # a grant with conditions to meet by a date
    DENY = "deny"


class NormAnswer(StrEnum):
    """A checklist norm as the visit found it."""

    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "na"


class SignatureStatus(StrEnum):
    """A co-reviewer's answer to a visit's record, pressed in their own chat: the press is the signature."""

    INVITED = "invited"
    AGREED = "agreed"
    DISAGREED = "disagreed"


class VisitRequestStatus(StrEnum):
    """An organization's request for a visit: open until a reviewer takes it, done when its visit is decided."""

    OPEN = "open"
    TAKEN = "taken"
    DONE = "done"
    WITHDRAWN = "withdrawn"


class SealEventKind(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    RENEWED = "renewed"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    REVOKED = "revoked"
    CONDITION_MET = "condition_met"  # the committee found a grant's condition met


class GroupRole(StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


class GroupMemberStatus(StrEnum):
    ACTIVE = "active"
    LEFT = "left"


class GroupJoinPolicy(StrEnum):
    """How a purchasing group takes newcomers: anyone holding its link, or whom a coordinator approves."""

    OPEN = "open"
    APPROVAL = "approval"


class JoinRequestStatus(StrEnum):
    """A request to join a group that approves newcomers (market.models.groups.GroupJoinRequest)."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CANCELLED = "cancelled"  # by the person who asked, or when they asked Feria to forget them


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    SETTLED = "settled"
    CANCELLED = "cancelled"


class OrderStatus(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    READY = "ready"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class OrderShelf(StrEnum):
    """Where an organization's received orders stand: still to handle, or over (delivered or cancelled)."""

    OPEN = "open"
    FINISHED = "finished"


class MarketLevel(StrEnum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


class PriceSource(StrEnum):
    SURVEY = "survey"
    PRODUCER = "producer"
    OFFICIAL = "official"
    COORDINATOR = "coordinator"


class SubscriptionKind(StrEnum):
    NEW_STOCK = "new_stock"
    PRICE_BELOW = "price_below"
    FAIR_EVENT = "fair_event"
    ROUND_CLOSING = "round_closing"
    SEAL_EXPIRING = "seal_expiring"


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class InboxStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    DROPPED = "dropped"  # over its sender's budget: kept (so never stored twice), never processed


class LedgerAccount(StrEnum):
    MEMBER = "member"
    SOLIDARITY_FUND = "solidarity_fund"
    GROUP = "group"
    ORGANIZATION = "organization"
    PRODUCER = "producer"  # what an organization paid a producer member for their share of sales
    BUYER = "buyer"  # a consumer's direct order: what they paid the organization, and refunds owed and paid back


class LedgerKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    FUND_CONTRIBUTION = "fund_contribution"
    REFUND = "refund"
    CORRECTION = "correction"
    PRODUCER_PAYMENT = "producer_payment"
    FUND_USE = "fund_use"  # money leaves a solidarity fund: a grant, an investment or a loan (negative)
    LOAN_REPAYMENT = "loan_repayment"  # a borrower pays a fund loan back (positive, on the fund)
    REFUND_OWED = "refund_owed"  # a paid order was cancelled or refused: the organization owes the buyer (negative)


class PaymentMethodKind(StrEnum):  # a way to pay an organization or a purchasing group (models.payments)
    CASH_PICKUP = "cash_pickup"
    CASH_DELIVERY = "cash_delivery"
    TRANSFER = "transfer"  # bank, account and holder shown to the buyer
    PIX = "pix"  # Brazil: a static BR Code (EMV-MPM, CRC16) made from the key, the holder's name and city
    BANK_QR = "bank_qr"  # a QR image the organization uploads from its bank (Bolivia's interoperable QR)


class ProofStatus(StrEnum):  # a payment proof ("Ya pagué"): confirmed records a payment, rejected says why
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ReceiptKind(StrEnum):
    ORDER = "order"  # a direct order's payment
    ROUND_ACCOUNT = "round_account"  # a member's account in an order round


class FundUseKind(StrEnum):  # what a solidarity fund's money was used for, by an assembly's decision
    GRANT = "grant"
    INVESTMENT = "investment"
    LOAN = "loan"  # a rotating loan to a member: its installments return to the fund


class SearchChannel(StrEnum):
    BOT = "bot"
    WEB = "web"
    API = "api"


# The languages Feria speaks (a catalog each under locales/); a person's locale is one of them.
SUPPORTED_LOCALES = ("es", "pt_BR", "en")

# The units a quantity or a price can be written in (market.presentation.labels names each one).
UNIT_CODES = ("kg", "g", "lb", "t", "quintal", "arroba", "l", "ml", "unit", "dozen", "bunch", "bag", "sack", "box",
              "jar", "bottle")
