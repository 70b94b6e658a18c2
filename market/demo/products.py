"""Demo products and their offers, named as each organization names them.

Prices are per `unit` in the organization's currency. For group rounds, an offer sells by
the order unit (half a kilo of coffee, a dozen eggs) and the producer packs whole cases:
`pack_size` order units make the sack, box or case (a 20 kg box of tomatoes is 20 x 1 kg).
"""

from decimal import Decimal

from market.demo.data import ProductSpec


def _p(
    organization: str, category: str, name: str, unit: str, price: str, stock: str, description: str,
    order: str = "1", pack: int = 1, content: str | None = None,
) -> ProductSpec:
    held = (Decimal(content.split()[0]), content.split()[1]) if content else None  # "250 g"
    return ProductSpec(
        organization, category, name, unit, Decimal(price), Decimal(stock), description, Decimal(order), pack, held
    )


_AMBORO, _IRUPANA, _COMARAPA = "cafe-amboro", "coraca-irupana", "oeca-valles-comarapa"
_WARMI, _SIERRA, _NUU_SAVI = "tejidos-warmi-makis", "coop-sierra-norte", "nuu-savi-tecomaxtlahuaca"
_NOVA, _ARTESAS, _IPE = "coop-nova-petropolis", "artesas-lomba-do-pinheiro", "agroecologistas-ipe"

PRODUCTS = (
    # Bolivia, in bolivianos
    _p(_AMBORO, "coffee_cocoa", "Café tostado en grano", "kg", "95.00", "40",
       "Arábica bajo sombra, tueste medio.", order="0.5", pack=10),
    _p(_AMBORO, "coffee_cocoa", "Café tostado molido", "bag", "27.00", "60",
       "Bolsa de 250 g, molienda para filtro.", pack=20, content="250 g"),
    _p(_AMBORO, "coffee_cocoa", "Café pergamino", "quintal", "1850.00", "12",
       "Café seco en pergamino, para tostadores."),
    _p(_AMBORO, "honey_preserves", "Miel de abeja", "jar", "45.00", "48",
       "Frasco de 500 g, miel multifloral del monte.", pack=12, content="500 g"),
    _p(_AMBORO, "coffee_cocoa", "Cacao en grano", "kg", "55.00", "200",
       "Cacao silvestre fermentado y secado al sol.", pack=25),
    _p(_AMBORO, "fruits", "Achachairú", "dozen", "10.00", "30",
       "Fruta de temporada del monte cruceño.", pack=10),
    _p(_IRUPANA, "coffee_cocoa", "Café orgánico de Yungas", "kg", "110.00", "60",
       "Tostado en grano, cosecha de Chicaloma.", order="0.5", pack=10),
    _p(_IRUPANA, "grains", "Quinua real", "kg", "22.00", "500",
       "Quinua blanca lavada, lista para cocinar.", pack=25),
    _p(_IRUPANA, "grains", "Amaranto", "kg", "20.00", "150",
       "Grano de amaranto limpio.", pack=25),
    _p(_IRUPANA, "honey_preserves", "Miel de abeja de Yungas", "jar", "50.00", "0",
       "Frasco de 500 g. Agotada hasta la próxima cosecha.", pack=12, content="500 g"),
    _p(_IRUPANA, "fruits", "Naranja", "kg", "5.00", "300",
       "Naranja de Yungas para jugo.", pack=20),
    _p(_IRUPANA, "fruits", "Mandarina", "kg", "6.00", "250",
       "Mandarina dulce de Yungas.", pack=20),
    _p(_IRUPANA, "coffee_cocoa", "Chocolate amargo", "unit", "18.00", "80",
       "Tableta de 100 g, 70 % cacao.", pack=20),
    _p(_COMARAPA, "vegetables", "Tomate", "kg", "7.50", "400",
       "Tomate perita de los valles.", pack=20),
    _p(_COMARAPA, "vegetables", "Papa nativa", "arroba", "55.00", "40",
       "Papa de colores, por arroba.", pack=4),
    _p(_COMARAPA, "vegetables", "Cebolla", "kg", "5.00", "300",
       "Cebolla roja.", pack=25),
    _p(_COMARAPA, "vegetables", "Lechuga", "unit", "4.00", "80",
       "Lechuga crespa, cosechada el día de entrega.", pack=12),
    _p(_COMARAPA, "vegetables", "Acelga", "bunch", "3.00", "60",
       "Atado de acelga.", pack=10),
    _p(_COMARAPA, "vegetables", "Cebollín", "bunch", "2.50", "50",
       "Atado de cebollín.", pack=10),
    _p(_COMARAPA, "vegetables", "Arveja verde", "kg", "9.00", "0",
       "Arveja en vaina. Agotada esta semana.", pack=10),
    _p(_COMARAPA, "fruits", "Frutilla", "kg", "25.00", "30",
       "Frutilla de Comarapa.", order="0.5", pack=10),
    _p(_WARMI, "textiles", "Chompa de alpaca", "unit", "280.00", "15",
       "Tejida a mano, colores naturales."),
    _p(_WARMI, "textiles", "Chalina de alpaca", "unit", "120.00", "25",
       "Chalina tejida en telar."),
    _p(_WARMI, "textiles", "Gorro de lana de oveja", "unit", "60.00", "30",
       "Gorro con orejeras, lana hilada a mano."),
    _p(_WARMI, "textiles", "Aguayo tejido a telar", "unit", "350.00", "6",
       "Aguayo de diseño potosino."),
    _p(_WARMI, "textiles", "Guantes de alpaca", "unit", "55.00", "20",
       "Un par de guantes."),
    # Mexico, in pesos
    _p(_SIERRA, "grains", "Maíz criollo", "kg", "16.00", "800",
       "Maíz blanco de milpa, sin agroquímicos.", pack=50),
    _p(_SIERRA, "grains", "Frijol negro", "kg", "45.00", "300",
       "Frijol de temporal.", pack=25),
    _p(_SIERRA, "coffee_cocoa", "Café de altura tostado", "kg", "320.00", "40",
       "Café de la sierra, tueste medio.", order="0.5", pack=10),
    _p(_SIERRA, "coffee_cocoa", "Chocolate de mesa", "kg", "260.00", "30",
       "Molido en metate con canela.", order="0.5", pack=12),
    _p(_SIERRA, "honey_preserves", "Miel multiflora", "jar", "150.00", "36",
       "Frasco de 1 kg.", pack=12),
    _p(_SIERRA, "vegetables", "Calabaza criolla", "kg", "22.00", "60",
       "Calabaza de la milpa.", pack=10),
    _p(_SIERRA, "vegetables", "Quelites", "bunch", "15.00", "40",
       "Manojo de quelites de temporada.", pack=10),
    _p(_SIERRA, "honey_preserves", "Mermelada de tejocote", "jar", "75.00", "24",
       "Frasco de 350 g.", pack=12),
    _p(_NUU_SAVI, "grains", "Maíz pozolero", "kg", "28.00", "200",
       "Maíz cacahuazintle para pozole.", pack=25),
    _p(_NUU_SAVI, "grains", "Frijol bayo", "kg", "40.00", "120",
       "Frijol de la cosecha de este año.", pack=25),
    _p(_NUU_SAVI, "vegetables", "Jitomate", "kg", "24.00", "150",
       "Jitomate de traspatio.", pack=20),
    _p(_NUU_SAVI, "dairy_eggs", "Huevos de rancho", "dozen", "60.00", "40",
       "Gallinas de patio.", pack=10),
    _p(_NUU_SAVI, "beverages", "Mezcal artesanal", "bottle", "450.00", "24",
       "Botella de 750 ml, maguey espadín, destilado en olla de barro.", pack=6),
    _p(_NUU_SAVI, "crafts", "Sombrero de palma", "unit", "180.00", "20",
       "Tejido a mano en palma de la Mixteca."),
    _p(_NUU_SAVI, "crafts", "Tenate de palma", "unit", "120.00", "15",
       "Canasta tejida para guardar tortillas."),
    # Brazil, in reais
    _p(_NOVA, "dairy_eggs", "Queijo colonial", "kg", "58.00", "40",
       "Queijo de leite cru, maturado 30 dias.", order="0.5", pack=8),
    _p(_NOVA, "honey_preserves", "Mel", "jar", "38.00", "48",
       "Pote de 500 g, mel de flores silvestres.", pack=12),
    _p(_NOVA, "honey_preserves", "Geleia de uva", "jar", "18.00", "36",
       "Pote de 300 g, sem conservantes.", pack=12),
    _p(_NOVA, "beverages", "Suco de uva integral", "bottle", "22.00", "120",
       "Garrafa de 1 litro, sem açúcar.", pack=6),
    _p(_NOVA, "dairy_eggs", "Ovos caipiras", "dozen", "16.00", "60",
       "Galinhas soltas, ração sem transgênicos.", pack=5),
    _p(_NOVA, "beverages", "Erva-mate", "kg", "30.00", "100",
       "Erva-mate para chimarrão, moída grossa.", pack=10),
    _p(_ARTESAS, "crafts", "Bolsa de crochê", "unit", "85.00", "12",
       "Feita à mão com barbante de algodão."),
    _p(_ARTESAS, "textiles", "Tapete de retalhos", "unit", "70.00", "10",
       "Tecido com sobras de confecção."),
    _p(_ARTESAS, "crafts", "Sabonete artesanal", "unit", "12.00", "60",
       "Sabonete de glicerina com ervas.", pack=10),
    _p(_ARTESAS, "textiles", "Pano de prato bordado", "unit", "18.00", "40",
       "Bordado em ponto cruz.", pack=6),
    _p(_ARTESAS, "crafts", "Boneca de pano", "unit", "45.00", "15",
       "Boneca costurada à mão."),
    _p(_IPE, "grains", "Feijão preto", "kg", "11.00", "600",
       "Feijão da safra, ecológico.", pack=30),
    _p(_IPE, "vegetables", "Tomate", "kg", "9.00", "200",
       "Tomate ecológico.", pack=20),
    _p(_IPE, "vegetables", "Alface", "unit", "3.50", "80",
       "Alface crespa.", pack=12),
    _p(_IPE, "vegetables", "Couve", "bunch", "4.00", "60",
       "Maço de couve.", pack=10),
    _p(_IPE, "grains", "Farinha de milho", "kg", "8.00", "100",
       "Moída no moinho colonial.", pack=10),
    _p(_IPE, "fruits", "Uva bordô", "kg", "12.00", "150",
       "Uva de mesa e para suco.", pack=6),
    _p(_IPE, "vegetables", "Batata-doce", "kg", "6.00", "120",
       "Batata-doce roxa.", pack=20),
)
