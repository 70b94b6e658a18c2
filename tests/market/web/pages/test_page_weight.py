"""Made for cheap phones on slow networks: each page, with its stylesheet, weighs under 100 KB before images."""

from tests.market.web.pages.conftest import page

LIMIT = 100_000  # bytes

PAGES = [
    ("/", {}),
    ("/buscar", {}),  # a full page of results, with every filter's choices
    ("/buscar", {"q": "cafe", "sello": "1"}),
    ("/productos/{cafe}", {}),
    ("/organizaciones/coop-nova-petropolis", {}),
    ("/sellos", {}),
    ("/sellos/{seal}", {}),
    ("/ferias", {}),
]


async def test_every_page_with_its_stylesheet_weighs_under_100_kb_and_needs_no_script(client, demo):
    css = await (await client.get("/static/feria.css")).read()
    weights = {}

    for path, params in PAGES:
        address = path.format(cafe=demo.product_ids["Café orgánico de Yungas"], seal=demo.seal_codes["coraca-irupana"])
        for lang in ("es", "pt-BR", "en"):
            html = await page(client, address, lang=lang, **params)
            assert 'href="/static/feria.css"' in html and "<script" not in html
            weights[address, str(params), lang] = len(html.encode()) + len(css)

    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < LIMIT, (heaviest, weights[heaviest])
