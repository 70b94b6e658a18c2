"""Demo market prices (the last 90 days at local, regional and national markets) and fair prices.

Prices are per kg in the country's currency at the local market; the seed moves them with the season
and daily noise (market.demo.series) and marks regional and national markets up.
"""

from decimal import Decimal

from market.demo.data import FairPriceSpec, PriceSeriesSpec
from market.enums import MarketLevel

DAYS = 90

# A local fair is cheapest; the departmental or state wholesale market adds transport, and
# the national series (retail in the big cities) adds more again.
LEVEL_MARKUP = {
    MarketLevel.LOCAL: Decimal("1.00"),
    MarketLevel.REGIONAL: Decimal("1.12"),
    MarketLevel.NATIONAL: Decimal("1.25"),
}


def _kg(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((name, Decimal(price)) for name, price in pairs)


PRICE_SERIES = (
    PriceSeriesSpec(
        local="bo-scz-comarapa",
        regional="bo-scz",
        national="bo",
        local_source="feria de Comarapa (encuesta)",
        regional_source="mercado mayorista de Santa Cruz",
        national_source="serie nacional de precios al consumidor",
        products=_kg(
            ("tomate", "6.00"), ("papa", "4.00"), ("cebolla", "4.50"), ("quinua real", "17.00"),
            ("café", "80.00"), ("miel", "50.00"), ("arroz", "8.50"), ("maíz", "3.20"),
            ("naranja", "3.50"), ("zanahoria", "4.00"),
        ),
    ),
    PriceSeriesSpec(
        local="mx-oax-tecomaxtlahuaca",
        regional="mx-oax",
        national="mx",
        local_source="tianguis de Tecomaxtlahuaca (encuesta)",
        regional_source="central de abasto de Oaxaca",
        national_source="serie nacional de precios al consumidor",
        products=_kg(
            ("jitomate", "22.00"), ("tomate verde", "18.00"), ("papa", "24.00"), ("cebolla", "20.00"),
            ("maíz", "7.50"), ("frijol", "36.00"), ("café", "240.00"), ("miel", "110.00"),
            ("aguacate", "55.00"), ("calabaza", "18.00"),
        ),
    ),
    PriceSeriesSpec(
        local="br-rs-nova-petropolis",
        regional="br-rs",
        national="br",
        local_source="feira do produtor de Nova Petrópolis (pesquisa)",
        regional_source="central de abastecimento do Rio Grande do Sul",
        national_source="série nacional de preços ao consumidor",
        products=_kg(
            ("tomate", "6.50"), ("batata", "4.80"), ("cebola", "4.20"), ("feijão preto", "7.50"),
            ("arroz", "5.50"), ("mel", "32.00"), ("café", "42.00"), ("queijo colonial", "45.00"),
            ("erva-mate", "22.00"), ("uva", "9.00"),
        ),
    ),
)

# What the producer gets, what carrying it costs, what goes to the solidarity fund and the
# rest (packing, the fair's stall): the parts add up to the fair price by construction.
FAIR_PRICES = (
    FairPriceSpec("tomate", "bo-scz", "kg", Decimal("6.00"), Decimal("0.70"), Decimal("0.40"), Decimal("0.40"),
                  network="red-spg-bolivia"),
    FairPriceSpec("café orgánico de Yungas", "bo-lpz", "kg", Decimal("82.00"), Decimal("6.00"), Decimal("5.50"),
                  Decimal("16.50"), organization="coraca-irupana"),
    FairPriceSpec("maíz criollo", "mx-oax", "kg", Decimal("12.50"), Decimal("1.50"), Decimal("0.80"),
                  Decimal("1.20"), organization="coop-sierra-norte"),
    FairPriceSpec("feijão preto", "br-rs", "kg", Decimal("8.20"), Decimal("1.10"), Decimal("0.55"), Decimal("1.15"),
                  network="rede-sul-certificacao"),
    FairPriceSpec("queijo colonial", "br-rs", "kg", Decimal("44.00"), Decimal("4.50"), Decimal("2.30"),
                  Decimal("7.20"), network="rede-sul-certificacao"),
)

# Fair prices hold from two months before the seed to four months after it.
FAIR_PRICE_VALID_FROM_DAY, FAIR_PRICE_VALID_UNTIL_DAY = -60, 120
