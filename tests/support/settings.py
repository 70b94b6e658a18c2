"""Settings the tests share."""

# Tests make requests far faster than a person does: the rate limits (per client on the web, per person in
# the bot) are off unless a test is about them.
NO_RATE_LIMITS = {"RATE_LIMIT_API": "off", "RATE_LIMIT_PAGES": "off", "BOT_UPDATES_PER_MINUTE": "0"}
