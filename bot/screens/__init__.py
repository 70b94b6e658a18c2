"""What the bot shows, built from the domain's values in the person's language (no I/O here)."""
