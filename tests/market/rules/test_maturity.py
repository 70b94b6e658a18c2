"""Maturity levels from evidence: the example table of market.rules.maturity, and its edges."""

from datetime import date
from decimal import Decimal

import pytest

from market.enums import CriterionState, Maturity, MaturityCriterion
from market.rules.maturity import Evidence, assess

TODAY = date(2026, 11, 21)
RECENT = date(2026, 5, 2)
LONG_AGO = date(2025, 11, 21)  # twelve months ago to the day: no longer recent
SHARES = {"y": Decimal("0.5"), "-": Decimal("0"), "?": None}


def evidence(written: str) -> Evidence:
    """"y y y y y · y ? ..." in the docstring's order: papers, statutes, members, board, sales · register, women
    on the board, women producers, prices, seals, assembly, contributions, fund."""
    marks = written.replace("·", "").split()
    papers, statutes, members, board, sales, register, board_w, producers_w, prices, seals, assembly, dues, fund = (
        marks)
    day = {"y": RECENT, "-": LONG_AGO, "?": None}
    return Evidence(
        today=TODAY, legal_papers=papers == "y", statutes_on=day[statutes], members=5 if members == "y" else 1,
        board_in_term=board == "y", sales=sales == "y",
        register_updated={"y": True, "-": False, "?": None}[register],
        women_share_board=SHARES[board_w], women_share_producers=SHARES[producers_w],
        price_information=prices == "y", valid_seals=seals == "y", last_assembly_on=day[assembly],
        contributions_on=day[dues], fund_accounts=fund == "y",
    )


def criteria(written: str) -> tuple[MaturityCriterion, ...]:
    return tuple(MaturityCriterion(c) for c in written.split(", ") if c)


@pytest.mark.parametrize(
    ("written", "level", "raise_by"),
    [
        ("y y y y y · y y y y y y y y", "consolidated", ""),
        ("y y y y y · y ? y y y y y y", "consolidating", "women_on_board"),
        ("y y y y y · y - y y y y y y", "consolidating", "women_on_board"),
        ("y y y y y · - y y y y y y y", "consolidating", "member_register"),
        ("y y y - y · y y y y y y y y", "embryonic", "board_in_term"),
        ("y ? y y y · ? ? ? - - ? ? -", "embryonic", "statutes"),
        ("- ? - - - · ? ? ? - - ? ? -", "embryonic", "legal_papers, statutes, members, board_in_term, sales"),
    ],
)
def test_the_level_and_what_would_raise_it_follow_the_table(written, level, raise_by):
    assessment = assess(evidence(written))

    assert (assessment.level, assessment.raise_by) == (Maturity(level), criteria(raise_by))


def test_no_women_on_the_board_is_unmet_and_no_register_is_unknown():
    assessment = assess(evidence("y y y y y · ? - ? y y y y y"))

    assert assessment.state(MaturityCriterion.WOMEN_ON_BOARD) == CriterionState.UNMET
    assert assessment.state(MaturityCriterion.MEMBER_REGISTER) == CriterionState.UNKNOWN
    assert assessment.state(MaturityCriterion.WOMEN_PRODUCERS) == CriterionState.UNKNOWN
    assert assessment.raise_by == criteria("member_register, women_on_board, women_producers")


def test_an_assembly_twelve_months_ago_no_longer_counts_but_statutes_do():
    assessment = assess(evidence("y - y y y · y y y y y - - y"))

    assert assessment.state(MaturityCriterion.STATUTES) == CriterionState.MET
    assert assessment.state(MaturityCriterion.ASSEMBLY) == CriterionState.UNMET
    assert assessment.raise_by == criteria("assembly, contributions")


def test_women_at_exactly_thirty_percent_are_enough_and_just_below_is_not():
    base = evidence("y y y y y · y y y y y y y y")
    at = assess(Evidence(**{**base.__dict__, "women_share_board": Decimal("0.30")}))
    below = assess(Evidence(**{**base.__dict__, "women_share_producers": Decimal("0.29")}))

    assert at.level == Maturity.CONSOLIDATED
    assert (below.level, below.raise_by) == (Maturity.CONSOLIDATING, criteria("women_producers"))


def test_two_members_are_not_yet_a_member_list():
    base = evidence("y y y y y · ? ? ? - - ? ? -")

    assessment = assess(Evidence(**{**base.__dict__, "members": 2}))

    assert (assessment.level, assessment.raise_by) == (Maturity.EMBRYONIC, criteria("members"))


def test_the_level_rests_on_the_criteria_met():
    assessment = assess(evidence("y y y y y · ? ? ? y - ? ? y"))

    assert assessment.met() == criteria("legal_papers, statutes, members, board_in_term, sales, price_information, "
                                        "fund_accounts")
