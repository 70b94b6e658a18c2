"""The public web catalog: server-rendered pages for cheap phones on slow networks (no script needed).

Addresses, in Spanish like the people who use them most: /buscar (search, see search_form),
/productos/{id} (and its foto), /organizaciones/{slug}, /sellos (type a code), /sellos/{code} (and its
qr.svg), /precios/{product}?territorio=<code> (and its grafico.png), /ferias?territorio=<code> (the coming
ferias), /recibos/{code} (a receipt verified, and its .pdf). Every page takes ?lang=es|pt_BR|en, else the
browser's Accept-Language.
"""

from market.web.pages import fairs, organizations, photos, prices, products, receipts, seals

routes = [*products.routes, *photos.routes, *organizations.routes, *seals.routes, *prices.routes, *fairs.routes,
          *receipts.routes]
