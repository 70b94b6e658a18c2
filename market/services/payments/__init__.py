"""Paying: the ways an organization or a group is paid, the proofs buyers send ("Ya pagué"), and receipts.

Receipts (recibos) are issued for payments, kept as issued and verifiable by code: orders and groups call
`receipts` when they record a payment (one call inside their transaction); it reads the models itself and never
imports them back.
"""
