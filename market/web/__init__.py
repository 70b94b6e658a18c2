"""The aiohttp adapter: public web catalog, REST API and health check."""

from market.web.app import create_app

__all__ = ["create_app"]
