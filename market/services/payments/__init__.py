"""Paying: the ways an organization or a group is paid, and the proofs buyers send ("Ya pagué").

A proof confirmed records the payment through orders (an order's) or groups (a member's account in a round), so
this package sits above both; receipts are their own package below them (market.services.receipts).
"""
