"""Demo territories in Bolivia, Mexico and Brazil, and the local units each country uses."""

from collections.abc import Callable
from decimal import Decimal

from market.demo.data import TerritorySpec, UnitConversionSpec
from market.enums import TerritoryLevel

COUNTRY, REGION = TerritoryLevel.COUNTRY, TerritoryLevel.REGION
MUNICIPALITY, COMMUNITY = TerritoryLevel.MUNICIPALITY, TerritoryLevel.COMMUNITY


def _country(
    code: str, name: str, country_code: str, currency: str, time_zone: str,
) -> tuple[TerritorySpec, Callable[[str, str, TerritoryLevel, str], TerritorySpec]]:
    """A country and a helper that makes its places with the same currency and time zone."""
    root = TerritorySpec(code, name, COUNTRY, None, country_code, currency, time_zone)

    def place(code: str, name: str, level: TerritoryLevel, parent: str) -> TerritorySpec:
        return TerritorySpec(code, name, level, parent, country_code, currency, time_zone)

    return root, place


_BOLIVIA, _bo = _country("bo", "Bolivia", "BO", "BOB", "America/La_Paz")
_MEXICO, _mx = _country("mx", "México", "MX", "MXN", "America/Mexico_City")
_BRAZIL, _br = _country("br", "Brasil", "BR", "BRL", "America/Sao_Paulo")

# Parents come before their children: the seed creates them in this order.
TERRITORIES = (
    _BOLIVIA,
    _bo("bo-scz", "Santa Cruz", REGION, "bo"),
    _bo("bo-scz-santa-cruz", "Santa Cruz de la Sierra", MUNICIPALITY, "bo-scz"),
    # The coffee growers of the Amboró area live in these two municipalities.
    _bo("bo-scz-buena-vista", "Buena Vista", MUNICIPALITY, "bo-scz"),
    _bo("bo-scz-comarapa", "Comarapa", MUNICIPALITY, "bo-scz"),
    _bo("bo-lpz", "La Paz", REGION, "bo"),
    _bo("bo-lpz-la-paz", "La Paz", MUNICIPALITY, "bo-lpz"),
    _bo("bo-lpz-irupana", "Irupana", MUNICIPALITY, "bo-lpz"),
    _bo("bo-lpz-irupana-chicaloma", "Chicaloma", COMMUNITY, "bo-lpz-irupana"),
    _bo("bo-pts", "Potosí", REGION, "bo"),
    _bo("bo-pts-potosi", "Potosí", MUNICIPALITY, "bo-pts"),
    _MEXICO,
    _mx("mx-oax", "Oaxaca", REGION, "mx"),
    _mx("mx-oax-oaxaca", "Oaxaca de Juárez", MUNICIPALITY, "mx-oax"),
    _mx("mx-oax-tecomaxtlahuaca", "San Sebastián Tecomaxtlahuaca", MUNICIPALITY, "mx-oax"),
    # A town of the Sierra Norte, where the agroecological cooperative has its store.
    _mx("mx-oax-capulalpam", "Capulálpam de Méndez", MUNICIPALITY, "mx-oax"),
    _BRAZIL,
    _br("br-rs", "Rio Grande do Sul", REGION, "br"),
    _br("br-rs-porto-alegre", "Porto Alegre", MUNICIPALITY, "br-rs"),
    _br("br-rs-nova-petropolis", "Nova Petrópolis", MUNICIPALITY, "br-rs"),
    _br("br-rs-ipe", "Ipê", MUNICIPALITY, "br-rs"),
)

# The ISO 3166 codes of the demo's countries and regions (migration 0017 gives existing rows the same).
ISO_CODES = {"bo": "BO", "bo-scz": "BO-S", "bo-lpz": "BO-L", "bo-pts": "BO-P", "mx": "MX", "mx-oax": "MX-OAX",
             "br": "BR", "br-rs": "BR-RS"}

# Kept on the country: every place below it weighs a quintal or an arroba the same way.
UNIT_CONVERSIONS = (
    UnitConversionSpec("bo", "quintal", Decimal("46")),
    UnitConversionSpec("bo", "arroba", Decimal("11.5")),
    UnitConversionSpec("mx", "arroba", Decimal("11.5")),
    UnitConversionSpec("br", "arroba", Decimal("15")),
)
