"""The participatory guarantee: verifying a seal by its code, and the write side of a PGS network's work (peer
reviews signed by producers and consumers; suspend, reinstate, revoke). Imports catalog, organizations.
"""
