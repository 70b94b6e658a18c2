"""What goes in and out of Telegram, kept in the database: the inbox of updates, the outbox of notifications,
what a chat is waiting for. Imports no other service package: everything else writes to it.
"""
