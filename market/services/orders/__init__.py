"""A consumer's direct orders to organizations: the cart, checkout, and an order's life after (confirm, ready,
deliver, cancel, refuse, paid). Imports catalog, messaging.
"""
