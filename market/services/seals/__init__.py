"""The participatory guarantee: verifying a seal by its code, and the write side of a PGS network's work (peer
reviews signed by producers and consumers; suspend, reinstate, revoke), and networks registered in the bot that
name their own reviewers. Imports catalog, organizations, messaging.
"""
