"""The public web catalog: server-rendered pages for cheap phones on slow networks."""

from aiohttp import web

routes = web.RouteTableDef()
