"""Purchasing groups: membership (invites, coordinators, the group's Telegram chat), the group's open accounts,
and its order rounds (market.services.groups.rounds). Imports messaging.
"""
