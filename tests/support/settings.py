"""Settings the tests share."""

# Tests make requests far faster than a person does: the rate limits are off unless a test is about them.
NO_RATE_LIMITS = {"RATE_LIMIT_API": "off", "RATE_LIMIT_PAGES": "off"}
