"""Receipts (recibos): issued for payments, kept as issued and verifiable by code. Imports messaging.

orders and groups call `issuing` when they record a payment (one call inside their transaction); it reads the
models itself and never imports them back. `views` reads a receipt for the bot, the web page and the PDF.
"""
