"""The desk: the web back-office of organizations' admins, groups' coordinators, PGS committees and operators.

Server-rendered pages like the catalog's (aiohttp-jinja2, no script), signed in through the bot
(market.web.desk.signin). Every page asks the same services and permission checks as the bot; nothing in
the domain is reachable here that the bot cannot reach. Addresses: /entrar, /salir, /escritorio (the
person's home: what they may open), and under it one page family per role.
"""

from market.web.desk import (
    accounts,
    committee,
    groups,
    home,
    imports,
    network_checklist,
    network_pages,
    network_reviewers,
    network_seal,
    operator,
    operator_categories,
    operator_people,
    operator_prices,
    operator_territories,
    orders,
    org_board,
    org_fund,
    org_lots,
    org_maturity,
    org_methods,
    org_register,
    org_register_member,
    org_statements,
    organization,
    payments,
    pickup,
    product_photo,
    products,
    reports,
    round_arrivals,
    round_report,
    round_settle,
    rounds,
    signin,
)
from market.web.desk.session import install_sessions

routes = [
    *signin.routes,
    *home.routes,
    *organization.routes,
    *orders.routes,
    *payments.routes,
    *products.routes,
    *product_photo.routes,
    *imports.routes,
    *reports.routes,
    *org_register.routes,
    *org_register_member.routes,
    *org_board.routes,
    *org_maturity.routes,
    *org_statements.routes,
    *org_methods.routes,
    *org_fund.routes,
    *org_lots.routes,
    *groups.routes,
    *rounds.routes,
    *round_arrivals.routes,
    *round_settle.routes,
    *round_report.routes,
    *pickup.routes,
    *accounts.routes,
    *committee.routes,
    *network_pages.routes,
    *network_seal.routes,
    *network_reviewers.routes,
    *network_checklist.routes,
    *operator.routes,
    *operator_categories.routes,
    *operator_prices.routes,
    *operator_territories.routes,
    *operator_people.routes,
]

__all__ = ["install_sessions", "routes"]
