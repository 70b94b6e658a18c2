"""Demo purchasing groups, each with an open order round and the first orders in it.

Quantities are whole order units of the offer (1 kg of tomatoes, half a kilo of coffee);
tolerance is how many more a member accepts so that a case or sack gets completed.
"""

from market.demo.data import GroupSpec, OrderRowSpec, RoundSpec

_AMBORO, _IRUPANA, _COMARAPA = "cafe-amboro", "coraca-irupana", "oeca-valles-comarapa"
_NOVA, _IPE = "coop-nova-petropolis", "agroecologistas-ipe"


def _row(member: str, organization: str, product: str, quantity: int, tolerance: int, hours: int) -> OrderRowSpec:
    return OrderRowSpec(member, organization, product, quantity, tolerance, hours)


GROUPS = (
    GroupSpec(
        slug="consumo-solidario-equipetrol",
        name="Grupo de Consumo Solidario Equipetrol",
        territory="bo-scz-santa-cruz",
        pickup_point="Casa comunal del barrio Equipetrol, sábado de 9:00 a 12:00",
        coordinators=("carmen", "ana_maria"),
        members=("patricia", "gabriela", "silvia", "monica", "luis_fernando", "claudia"),
        round=RoundSpec(
            opens_day=-2,
            closes_day=3,
            pickup_weekday=5,
            opens_hour=8,
            closes_hour=20,
            offers=(
                (_AMBORO, "Café tostado en grano"),
                (_AMBORO, "Miel de abeja"),
                (_IRUPANA, "Quinua real"),
                (_IRUPANA, "Naranja"),
                (_COMARAPA, "Tomate"),
                (_COMARAPA, "Papa nativa"),
                (_COMARAPA, "Lechuga"),
                (_COMARAPA, "Cebollín"),
            ),
            # In the order they came in: earlier rows are served first when a case stays short.
            orders=(
                _row("patricia", _COMARAPA, "Tomate", 5, 2, 1),
                _row("gabriela", _COMARAPA, "Tomate", 8, 0, 3),
                _row("silvia", _IRUPANA, "Quinua real", 5, 5, 4),
                _row("monica", _COMARAPA, "Lechuga", 3, 1, 6),
                _row("carmen", _COMARAPA, "Papa nativa", 1, 1, 8),
                _row("luis_fernando", _AMBORO, "Café tostado en grano", 2, 0, 20),
                _row("claudia", _COMARAPA, "Tomate", 4, 2, 26),
                _row("ana_maria", _AMBORO, "Miel de abeja", 2, 0, 30),
                _row("gabriela", _IRUPANA, "Naranja", 4, 2, 31),
                _row("silvia", _COMARAPA, "Cebollín", 2, 0, 33),
            ),
        ),
    ),
    GroupSpec(
        slug="compras-coletivas-bom-fim",
        name="Grupo de Compras Coletivas Bom Fim",
        territory="br-rs-porto-alegre",
        pickup_point="Salão da associação de moradores do Bom Fim, sábado das 9h às 12h",
        coordinators=("neusa", "tania"),
        members=("fernanda", "juliana", "beatriz", "luciana", "paulo", "camila"),
        round=RoundSpec(
            opens_day=-1,
            closes_day=4,
            pickup_weekday=5,
            opens_hour=7,
            closes_hour=20,
            offers=(
                (_NOVA, "Queijo colonial"),
                (_NOVA, "Mel"),
                (_NOVA, "Suco de uva integral"),
                (_NOVA, "Ovos caipiras"),
                (_IPE, "Feijão preto"),
                (_IPE, "Tomate"),
                (_IPE, "Alface"),
            ),
            orders=(
                _row("fernanda", _IPE, "Feijão preto", 5, 5, 1),
                _row("juliana", _NOVA, "Queijo colonial", 2, 1, 2),
                _row("beatriz", _NOVA, "Suco de uva integral", 3, 3, 4),
                _row("luciana", _IPE, "Tomate", 3, 1, 5),
                _row("paulo", _NOVA, "Ovos caipiras", 2, 0, 7),
                _row("camila", _IPE, "Alface", 2, 0, 9),
                _row("neusa", _NOVA, "Mel", 1, 1, 11),
                _row("tania", _IPE, "Feijão preto", 10, 0, 12),
            ),
        ),
    ),
)
