"""Alerts: a person's subscriptions, owing them when an event matches (fanout, in the event's transaction) and
what one shows when it is sent (notices). Imports territories, and catalog for a category's names: stock, prices
and fairs call it.
"""
