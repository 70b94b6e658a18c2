"""Feria's domain: models, pure rules and services. Never imports telegram or aiohttp (but market.web)."""
