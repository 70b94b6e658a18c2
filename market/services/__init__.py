"""The domain's async services, in packages by what they serve; each package's docstring says what it owns.

    people ─▶ groups, orders, receipts, catalog, organizations, messaging  (top: erasing reaches everything)
    payments (ways to pay, proofs) ─▶ orders, groups;  funds ─▶ organizations, groups, messaging
    operators ─▶ catalog, messaging
    seals ─▶ catalog, organizations, messaging
    stock ─▶ prices ─▶ alerts ─▶ catalog ─▶ organizations ─▶ messaging
    groups ─▶ messaging;  orders ─▶ catalog, messaging;  alerts, prices, stock ─▶ territories ─▶ messaging
    stock, orders, payments ─▶ lots (whose stock an offer holds, and who its admins are; imports no service)
    orders, groups ─▶ receipts (issued as a payment is recorded) ─▶ messaging

An arrow is "may import". Pure helpers several packages need (name forms, an offer's on-sale rule, its
checks) live in market/rules. tests/test_architecture.py fails on any import cycle between service modules
or between these packages.
"""
