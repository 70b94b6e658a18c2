"""How far a change of an offer reaches the catalog's answers: the table of market.rules.offers.offer_change_reach."""

from datetime import datetime, timezone
from decimal import Decimal as D

import pytest

from market.enums import OfferStatus
from market.rules.offers import OfferFace, Reach, offer_change_reach

ACTIVE, WITHDRAWN = OfferStatus.ACTIVE, OfferStatus.WITHDRAWN
UNTIL = datetime(2026, 11, 28, 23, 59, tzinfo=timezone.utc)


@pytest.mark.parametrize("before, after, reach", [
    ((D(20), D("7.50"), ACTIVE, None), (D(18), D("7.50"), ACTIVE, None), Reach.PRODUCT),
    ((D(20), D("7.50"), ACTIVE, None), (D(20), D("8.00"), ACTIVE, None), Reach.PRODUCT),
    ((D(0), D("7.50"), ACTIVE, None), (D(0), D("8.00"), ACTIVE, None), Reach.PRODUCT),
    ((D(2), D("7.50"), ACTIVE, None), (D(0), D("7.50"), ACTIVE, None), Reach.CATALOG),
    ((D(0), D("7.50"), ACTIVE, None), (D(5), D("7.50"), ACTIVE, None), Reach.CATALOG),
    ((D(20), D("7.50"), WITHDRAWN, None), (D(20), D("7.50"), ACTIVE, None), Reach.CATALOG),
    ((D(20), D("7.50"), ACTIVE, None), (D(18), D("7.50"), ACTIVE, UNTIL), Reach.CATALOG),
    ((D(20), D("7.50"), ACTIVE, None), (D("20.000"), D("7.5"), ACTIVE, None), Reach.NOTHING),
])
def test_only_a_change_that_moves_a_product_in_or_out_of_a_search_reaches_the_catalog(before, after, reach):
    assert offer_change_reach(OfferFace(*before), OfferFace(*after)) == reach
