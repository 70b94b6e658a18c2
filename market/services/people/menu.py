"""What the main menu tells a person beyond its buttons: the orders waiting for their organizations, and whether they
are an operator, read in one statement written once (market.sql).

The menu opens on /start, on « Menu, and after a language is chosen: the bot's hottest screen after the catalog. It
answers what `count_waiting_orders` (market.services.orders.received) and `is_operator`
(market.services.operators.roles) answer, which the other screens still ask; tests/market/services/
test_menu_statements.py holds the statement to the queries tortoise built for them.
"""

from __future__ import annotations

from market.enums import MemberRole, MembershipStatus, OrderStatus
from market.models import Member
from market.services.orders.received import OrganizationWaiting, WaitingOrders
from market.sql import Statement

# Each organization whose orders the person handles (an approved admin or producer), by name, with its orders still
# placed; a person who handles none gets one row whose organization is NULL. The memberships are joined to a one-row
# select, so every row also says whether the person is an operator (a role not removed), and there always is a row.
_MENU = Statement(Member, """
    SELECT facts.is_operator, m.organization_id, g.name,
           (SELECT COUNT(*) FROM "order" o WHERE o.organization_id = m.organization_id AND o.status = ?2) AS waiting
    FROM (SELECT EXISTS (SELECT 1 FROM operator WHERE person_id = ?1 AND removed_at IS NULL) AS is_operator) facts
    LEFT JOIN member m ON m.person_id = ?1 AND m.status = ?3 AND m.role IN (?4, ?5)
    LEFT JOIN organization g ON g.id = m.organization_id
    ORDER BY g.name, m.organization_id
""")


async def menu_facts(person_id: int) -> tuple[WaitingOrders, bool]:
    """The organizations whose orders the person handles with their orders waiting for an answer, and whether they
    are an operator."""
    rows = await _MENU.rows(person_id, OrderStatus.PLACED.value, MembershipStatus.APPROVED.value,
                            MemberRole.ADMIN.value, MemberRole.PRODUCER.value)
    waiting = WaitingOrders(tuple(
        OrganizationWaiting(r["organization_id"], r["name"], int(r["waiting"]))
        for r in rows if r["organization_id"] is not None
    ))
    return waiting, bool(rows[0]["is_operator"])
