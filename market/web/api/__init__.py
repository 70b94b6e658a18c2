"""The REST API under /api/v1: JSON for integrators, described by an OpenAPI document."""

from aiohttp import web

routes = web.RouteTableDef()
