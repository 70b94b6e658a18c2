"""Demo producer organizations, one of each legal form, with the evidence of every level of maturity (the rule
reads the level from it: market.demo.maturity)."""

from decimal import Decimal

from market.demo.data import OrganizationSpec
from market.enums import LegalForm, Maturity, OrganizationStatus

# Tax numbers are invented and say so: no real organization's papers in the demo.
ORGANIZATIONS = (
    OrganizationSpec(
        slug="cafe-amboro",
        name="Asociación de Productores de Café Amboró",
        legal_form=LegalForm.ASSOCIATION,
        maturity=Maturity.CONSOLIDATING,
        territory="bo-scz-buena-vista",
        solidarity_fund_rate=Decimal("0.03"),
        description=(
            "Familias cafetaleras de la zona de amortiguamiento del Parque Amboró. Café bajo sombra, "
            "tostado en Buena Vista, y miel de sus apiarios."
        ),
        pickup_point="Tienda de la asociación, plaza principal de Buena Vista (lunes a sábado)",
        admin="hilda",
        producers=("reina", "marcelino", "norma"),
        tax_number="DEMO-NIT-000004",
    ),
    OrganizationSpec(
        slug="coraca-irupana",
        name="CORACA Irupana",
        legal_form=LegalForm.CORACA,
        maturity=Maturity.CONSOLIDATED,
        territory="bo-lpz-irupana",
        solidarity_fund_rate=Decimal("0.05"),
        description=(
            "Brazo económico de las comunidades campesinas de Irupana, Sud Yungas. Café orgánico, "
            "cítricos, miel y granos andinos con certificación participativa."
        ),
        pickup_point="Oficina de CORACA, calle Illimani, Irupana; en La Paz, feria del sábado en El Prado",
        admin="felipa",
        producers=("juana", "lidia", "sonia"),
        tax_number="DEMO-NIT-000001",
    ),
    OrganizationSpec(
        slug="oeca-valles-comarapa",
        name="OECA Valles de Comarapa",
        legal_form=LegalForm.OECA,
        maturity=Maturity.EMBRYONIC,
        territory="bo-scz-comarapa",
        solidarity_fund_rate=Decimal("0.02"),
        description=(
            "Organización económica campesina en formación: hortalizas y frutilla de los valles "
            "de Comarapa, vendidas en la feria del pueblo y en Santa Cruz."
        ),
        pickup_point="Puesto en la feria dominical de Comarapa, junto al mercado",
        admin="teresa",
        producers=("martha", "elena", "julio"),
        board_elected_day=-430,  # starting out: its board has not met since its term ended
    ),
    OrganizationSpec(
        slug="tejidos-warmi-makis",
        name="Taller de Tejidos Warmi Makis",
        legal_form=LegalForm.COLLECTIVE,
        maturity=Maturity.EMBRYONIC,
        territory="bo-pts-potosi",
        solidarity_fund_rate=Decimal("0.05"),
        description=(
            "Tejedoras de Potosí que hilan y tejen a mano lana de alpaca y de oveja. Venden en ferias "
            "nacionales e internacionales."
        ),
        pickup_point="Taller, calle Quijarro 45, Potosí (de 9 a 17)",
        admin="basilia",
        producers=("rufina", "justina"),
    ),
    OrganizationSpec(
        slug="coop-sierra-norte",
        name="Cooperativa Agroecológica Sierra Norte",
        legal_form=LegalForm.COOPERATIVE,
        maturity=Maturity.CONSOLIDATED,
        territory="mx-oax-capulalpam",
        solidarity_fund_rate=Decimal("0.05"),
        description=(
            "Milpa, café de altura y chocolate de mesa de la Sierra Norte de Oaxaca. Asamblea mensual "
            "y cuentas abiertas a las socias."
        ),
        pickup_point="Tianguis agroecológico de Capulálpam, domingos en el atrio",
        admin="guadalupe",
        producers=("margarita", "rogelio", "josefina"),
        tax_number="DEMO-RFC-000002",
    ),
    OrganizationSpec(
        slug="nuu-savi-tecomaxtlahuaca",
        name="Empresa Comunitaria Ñuu Savi de Tecomaxtlahuaca",
        legal_form=LegalForm.COMMUNITY_ENTERPRISE,
        maturity=Maturity.EMBRYONIC,
        territory="mx-oax-tecomaxtlahuaca",
        solidarity_fund_rate=Decimal("0.02"),
        description=(
            "Familias mixtecas que venden lo que les sobra de la milpa y del traspatio, y tejen palma. "
            "Se organizaron por su cuenta, con reglas que ellas mismas revisan."
        ),
        pickup_point="Bodega comunitaria, barrio de San Sebastián, Tecomaxtlahuaca",
        admin="eufemia",
        producers=("rosalia", "maximina"),
    ),
    OrganizationSpec(
        slug="coop-nova-petropolis",
        name="Cooperativa de Agricultores Familiares Nova Petrópolis",
        legal_form=LegalForm.COOPERATIVE,
        maturity=Maturity.CONSOLIDATED,
        territory="br-rs-nova-petropolis",
        solidarity_fund_rate=Decimal("0.04"),
        description=(
            "Agricultura familiar da Serra Gaúcha: queijo colonial, mel, suco de uva integral e "
            "ovos caipiras, com certificação participativa."
        ),
        pickup_point="Feira do produtor, praça das Flores, Nova Petrópolis (sábados de manhã)",
        admin="ivone",
        producers=("lurdes", "cleusa", "arno"),
        tax_number="DEMO-CNPJ-000003",
    ),
    OrganizationSpec(
        slug="artesas-lomba-do-pinheiro",
        name="Coletivo de Mulheres Artesãs da Lomba do Pinheiro",
        legal_form=LegalForm.COLLECTIVE,
        maturity=Maturity.EMBRYONIC,
        territory="br-rs-porto-alegre",
        solidarity_fund_rate=Decimal("0.03"),
        description=(
            "Mulheres da periferia de Porto Alegre que costuram, bordam e fazem crochê juntas "
            "e vendem nas feiras de economia solidária."
        ),
        pickup_point="Sede do coletivo, Estrada João de Oliveira Remião, Lomba do Pinheiro",
        admin="rosangela",
        producers=("marli", "jussara"),
    ),
    OrganizationSpec(
        slug="agroecologistas-ipe",
        name="Associação de Agricultores Ecologistas de Ipê",
        legal_form=LegalForm.ASSOCIATION,
        maturity=Maturity.CONSOLIDATING,
        territory="br-rs-ipe",
        solidarity_fund_rate=Decimal("0.03"),
        description=(
            "Famílias agricultoras ecologistas de Ipê: feijão, hortaliças, uva e farinha de milho "
            "para as feiras e os grupos de compras de Porto Alegre."
        ),
        pickup_point="Feira ecológica de Ipê, em frente à prefeitura (quartas e sábados)",
        admin="sirlei",
        producers=("valdir", "elisete"),
        tax_number="DEMO-CNPJ-000005",
    ),
    # Registered in the chat by Dionisia; it waits for an operator's decision.
    OrganizationSpec(
        slug="apicultores-comarapa",
        name="Asociación de Apicultoras de Comarapa",
        legal_form=LegalForm.ASSOCIATION,
        maturity=Maturity.EMBRYONIC,
        territory="bo-scz-comarapa",
        solidarity_fund_rate=Decimal("0.02"),
        description="Mujeres apicultoras de los valles de Comarapa: miel y polen. (Inventada para la demostración.)",
        pickup_point="Casa de Dionisia, barrio San Isidro, Comarapa",
        admin="dionisia",
        producers=(),
        status=OrganizationStatus.PENDING,
    ),
)

# Only codes: the names on screen come from the translation catalogs.
CATEGORIES = (
    "vegetables",
    "fruits",
    "grains",
    "coffee_cocoa",
    "honey_preserves",
    "dairy_eggs",
    "beverages",
    "crafts",
    "textiles",
)
