"""Maturity rule: seed 002's three levels of a producer organization, from the evidence Feria holds.

Seed 002 (CEPAC's notes on peasant economic organizations) describes three levels. *Embryonic*: no proven
viability, often no legal papers. *Consolidating*: a legal document, a member list, rotating directors, a
market that raises some members' income. *Consolidated*: all that, plus an up-to-date member list with each
family's production, directors' terms renewed on schedule, women among the members and in office, informed
assemblies, members' contributions, market price information passed to members in time, certification,
transparent administration.

The criteria, in Feria's words, and the level each belongs to (a level holds when every criterion of it and
of the levels below is met; unknown counts as not met — Feria never assumes what it cannot see):

| criterion          | level         | met when                                                                  |
|--------------------|---------------|---------------------------------------------------------------------------|
| legal_papers       | consolidating | a tax number recorded and a legal form that has papers (not collective    |
|                    |               | or other)                                                                 |
| statutes           | consolidating | an admin declared the day its statutes were approved (the legal document) |
| members            | consolidating | at least MIN_MEMBERS approved members in Feria (a list, not one family)   |
| board_in_term      | consolidating | a board sits and its term has not ended (directors rotate)                |
| sales              | consolidating | an order delivered or paid through Feria in the last 12 months (a market) |
| member_register    | consolidated  | the member register (each family's production) updated in 12 months       |
| women_on_board     | consolidated  | women hold at least WOMEN_SHARE of the board's seats                      |
| women_producers    | consolidated  | women are at least WOMEN_SHARE of its producers                           |
| price_information  | consolidated  | its producers published prices in the last 90 days, or it declared a fair |
|                    |               | price (information its members see in the bot)                            |
| seals              | consolidated  | a participatory seal valid today (differentiation by certification)       |
| assembly           | consolidated  | an admin declared an assembly held in the last 12 months                  |
| contributions      | consolidated  | an admin declared members' contributions collected in the last 12 months  |
| fund_accounts      | consolidated  | a solidarity fund rate above 0 whose contributions are in the ledger      |

Why these thresholds. MIN_MEMBERS is 3: fewer is a family business, not an organization of members.
WOMEN_SHARE is 30 %: the "critical mass" share the region's first quota laws set for women in office
(Argentina's Ley de Cupos, 1991; Brazil's 30 % of candidacies, 1997); seed 002 asks for "high participation",
so 30 % is the floor Feria reads as participation, not the goal (parity). Twelve months is seed 002's
rhythm ("van rotando anualmente") and that of an annual assembly; 90 days of prices is a season's
"oportuna" information. Only the brand seed 002 names beside certification is not recorded by Feria.

What would raise the level is every criterion of the next level not met (unknown included): the level needs
all of them, so no smaller set raises it. A consolidated organization has nothing left to raise.

Examples (evidence as: papers, statutes, members, board, sales | register, women board, women producers,
prices, seals, assembly, contributions, fund; "?" unknown, "-" unmet, "y" met):

| evidence                          | level         | raise by                                                  |
|-----------------------------------|---------------|-----------------------------------------------------------|
| y y y y y · y y y y y y y y       | consolidated  |                                                           |
| y y y y y · y ? y y y y y y       | consolidating | women_on_board (unknown: no register yet)                 |
| y y y y y · y - y y y y y y       | consolidating | women_on_board (no women on the board)                    |
| y y y y y · - y y y y y y y       | consolidating | member_register (no update in 12 months)                  |
| y y y - y · y y y y y y y y       | embryonic     | board_in_term (a board past its term)                     |
| y ? y y y · ? ? ? - - ? ? -       | embryonic     | statutes (never declared)                                 |
| - ? - - - · ? ? ? - - ? ? -       | embryonic     | legal_papers, statutes, members, board_in_term, sales     |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from market.enums import CriterionState, Maturity, MaturityCriterion
from market.rules.board import add_months

MIN_MEMBERS = 3
WOMEN_SHARE = Decimal("0.30")
RECENT_MONTHS = 12  # an assembly, contributions, sales and the register count for this long
PRICE_DAYS = 90  # published prices count for this long (the service reads them)

C = MaturityCriterion
LEVEL_CRITERIA: dict[Maturity, tuple[MaturityCriterion, ...]] = {
    Maturity.CONSOLIDATING: (C.LEGAL_PAPERS, C.STATUTES, C.MEMBERS, C.BOARD_IN_TERM, C.SALES),
    Maturity.CONSOLIDATED: (C.MEMBER_REGISTER, C.WOMEN_ON_BOARD, C.WOMEN_PRODUCERS, C.PRICE_INFORMATION, C.SEALS,
                            C.ASSEMBLY, C.CONTRIBUTIONS, C.FUND_ACCOUNTS),
}
LEVELS = (Maturity.EMBRYONIC, Maturity.CONSOLIDATING, Maturity.CONSOLIDATED)


@dataclass(frozen=True)
class Evidence:
    """What Feria knows about one organization on `today`; None where it cannot tell."""

    today: date
    legal_papers: bool
    statutes_on: date | None  # the latest declared day the statutes were approved
    members: int  # approved members
    board_in_term: bool
    sales: bool  # an order delivered or paid in the last 12 months
    register_updated: bool | None  # the member register, updated in the last 12 months
    women_share_board: Decimal | None
    women_share_producers: Decimal | None
    price_information: bool
    valid_seals: bool
    last_assembly_on: date | None
    contributions_on: date | None
    fund_accounts: bool


@dataclass(frozen=True)
class Assessment:
    level: Maturity
    criteria: tuple[tuple[MaturityCriterion, CriterionState], ...]  # every criterion, in the table's order
    raise_by: tuple[MaturityCriterion, ...]  # what the next level still needs; () when consolidated

    def met(self) -> tuple[MaturityCriterion, ...]:
        """What the level rests on."""
        return tuple(c for c, state in self.criteria if state == CriterionState.MET)

    def state(self, criterion: MaturityCriterion) -> CriterionState:
        return dict(self.criteria)[criterion]


def assess(evidence: Evidence) -> Assessment:
    """The organization's level, each criterion's state and what would raise the level (table above)."""
    states = criterion_states(evidence)
    level = Maturity.EMBRYONIC
    for candidate in LEVELS[1:]:
        if any(states[c] != CriterionState.MET for c in LEVEL_CRITERIA[candidate]):
            break
        level = candidate
    following = LEVELS.index(level) + 1
    raise_by = () if following == len(LEVELS) else tuple(
        c for c in LEVEL_CRITERIA[LEVELS[following]] if states[c] != CriterionState.MET)
    order = [c for level_criteria in LEVEL_CRITERIA.values() for c in level_criteria]
    return Assessment(level, tuple((c, states[c]) for c in order), raise_by)


def criterion_states(e: Evidence) -> dict[MaturityCriterion, CriterionState]:
    """Each criterion met, unmet, or unknown (no evidence either way: nothing declared, no register)."""
    since = add_months(e.today, -RECENT_MONTHS)
    return {
        C.LEGAL_PAPERS: _known(e.legal_papers),
        C.STATUTES: _declared(e.statutes_on, None),
        C.MEMBERS: _known(e.members >= MIN_MEMBERS),
        C.BOARD_IN_TERM: _known(e.board_in_term),
        C.SALES: _known(e.sales),
        C.MEMBER_REGISTER: CriterionState.UNKNOWN if e.register_updated is None else _known(e.register_updated),
        C.WOMEN_ON_BOARD: _share(e.women_share_board),
        C.WOMEN_PRODUCERS: _share(e.women_share_producers),
        C.PRICE_INFORMATION: _known(e.price_information),
        C.SEALS: _known(e.valid_seals),
        C.ASSEMBLY: _declared(e.last_assembly_on, since),
        C.CONTRIBUTIONS: _declared(e.contributions_on, since),
        C.FUND_ACCOUNTS: _known(e.fund_accounts),
    }


def _known(met: bool) -> CriterionState:
    return CriterionState.MET if met else CriterionState.UNMET


def _share(share: Decimal | None) -> CriterionState:
    return CriterionState.UNKNOWN if share is None else _known(share >= WOMEN_SHARE)


def _declared(day: date | None, since: date | None) -> CriterionState:
    """Never declared: unknown; declared longer ago than `since`: unmet (it must be held again)."""
    if day is None:
        return CriterionState.UNKNOWN
    return _known(since is None or day > since)
