"""Demo PGS networks and their seals, one in each state a seal can be read in.

Days count from the day of the seed (negative: before it). A seal granted by a review is
granted because a producer and a consumer from *outside* the organization signed the visit:
every granting review below follows that rule, and the one still in review lacks its consumer.
"""

from market.demo.data import NetworkSpec, ReviewerSpec, ReviewSpec, SealEventSpec, SealSpec
from market.enums import NetworkStatus, ReviewDecision, SealEventKind, SealStatus
from market.enums import ReviewerRole as Role

GRANT, RENEW, PENDING = ReviewDecision.GRANT, ReviewDecision.RENEW, ReviewDecision.PENDING

NETWORKS = (
    NetworkSpec(
        slug="red-spg-bolivia",
        name="Red de Certificación Participativa de Bolivia",
        territory="bo",
        description=(
            "Red de productores, consumidoras y técnicos que visitan las parcelas y garantizan juntos "
            "la producción ecológica. (Red inventada para la demostración.)"
        ),
        reviewers=(
            ReviewerSpec("reina", Role.PRODUCER, "cafe-amboro", committee=True, named_publicly=True),
            ReviewerSpec("juana", Role.PRODUCER, "coraca-irupana", committee=True, named_publicly=True),
            ReviewerSpec("elena", Role.PRODUCER, "oeca-valles-comarapa"),
            ReviewerSpec("carmen", Role.CONSUMER, committee=True, named_publicly=True),
            ReviewerSpec("victoria", Role.CONSUMER),
            ReviewerSpec("rocio", Role.TECHNICIAN, committee=True, named_publicly=True),
        ),
        norms=(
            "Reglamento interno de la red, aprobado en asamblea: producción ecológica según la Ley 3525 y la Norma "
            "Técnica Nacional de los Sistemas Participativos de Garantía. (Texto inventado para la demostración.)"
        ),
        checklist=(
            "Sin agrotóxicos sintéticos en los últimos 3 años",
            "Semillas propias o de intercambio, sin transgénicos",
            "Fuente de agua protegida y sin contaminación",
            "Rotación y asociación de cultivos",
            "Abonos orgánicos preparados en la parcela o en la comunidad",
            "Registro de insumos y cosechas al día",
            "Separación de cultivos convencionales vecinos (barreras vivas)",
            "Trabajo familiar sin trabajo infantil",
        ),
    ),
    NetworkSpec(
        slug="rede-sul-certificacao",
        name="Rede Sul de Certificação Participativa",
        territory="br-rs",
        description=(
            "Agricultores, consumidores e técnicos que se visitam e garantem juntos a produção "
            "ecológica. (Rede fictícia, criada para a demonstração.)"
        ),
        reviewers=(
            ReviewerSpec("lurdes", Role.PRODUCER, "coop-nova-petropolis", committee=True, named_publicly=True),
            ReviewerSpec("valdir", Role.PRODUCER, "agroecologistas-ipe", named_publicly=True),
            ReviewerSpec("neusa", Role.CONSUMER, committee=True, named_publicly=True),
            ReviewerSpec("fernanda", Role.CONSUMER),
            ReviewerSpec("daniela", Role.TECHNICIAN, committee=True),
        ),
        norms="https://example.org/rede-sul/normas-internas.pdf (documento fictício, criado para a demonstração)",
        checklist=(
            "Sem agrotóxicos sintéticos nos últimos 3 anos",
            "Sementes próprias ou crioulas, sem transgênicos",
            "Fonte de água protegida",
            "Rotação e consórcio de culturas",
            "Adubação orgânica e solo sempre coberto",
            "Caderno de campo com insumos e colheitas em dia",
            "Barreiras vivas contra a deriva das lavouras convencionais vizinhas",
            "Trabalho familiar, sem trabalho infantil",
        ),
    ),
    # Registered in the bot by Rocío; it waits for an operator, who makes her its first reviewer on approval.
    NetworkSpec(
        slug="red-spg-valles-crucenos",
        name="Red SPG de los Valles Cruceños",
        territory="bo-scz",
        description=(
            "Productoras de Comarapa y Samaipata, consumidoras de Santa Cruz y técnicos que quieren certificar "
            "juntos sus hortalizas. (Red inventada para la demostración.)"
        ),
        reviewers=(),
        status=NetworkStatus.PENDING,
        proposed_by="rocio",
    ),
)

SEALS = (
    # Granted, renewed once, valid today.
    SealSpec(
        network="red-spg-bolivia",
        organization="coraca-irupana",
        status=SealStatus.GRANTED,
        products=("Café orgánico de Yungas", "Quinua real", "Amaranto", "Miel de abeja de Yungas"),
        reviews=(
            ReviewSpec(
                visited_day=-560,
                decision=GRANT,
                findings=(
                    "Cafetales y cítricos bajo sombra, sin agroquímicos. Abonos orgánicos preparados en la "
                    "comunidad y registros de cosecha al día."
                ),
                signatures=(("reina", Role.PRODUCER), ("victoria", Role.CONSUMER), ("rocio", Role.TECHNICIAN)),
                recorded_by="rocio",
            ),
            ReviewSpec(
                visited_day=-200,
                decision=RENEW,
                findings=(
                    "Se mantienen las prácticas ecológicas. Recomendación: mejorar el almacenamiento de la "
                    "quinua en el centro de acopio."
                ),
                signatures=(("elena", Role.PRODUCER), ("carmen", Role.CONSUMER), ("rocio", Role.TECHNICIAN)),
                recorded_by="rocio",
            ),
        ),
        events=(
            SealEventSpec(SealEventKind.GRANTED, -555, "rocio", review=0),
            SealEventSpec(SealEventKind.RENEWED, -195, "rocio", review=1),
        ),
        valid_from_day=-195,
        valid_until_day=170,
    ),
    # Granted but past its valid_until: it reads as expired, nobody stored "expired".
    SealSpec(
        network="red-spg-bolivia",
        organization="cafe-amboro",
        status=SealStatus.GRANTED,
        products=("Café tostado en grano", "Café pergamino", "Miel de abeja"),
        reviews=(
            ReviewSpec(
                visited_day=-410,
                decision=GRANT,
                findings=(
                    "Café bajo sombra en la zona de amortiguamiento del Parque Amboró. Sin quemas ni "
                    "agroquímicos. Falta un registro escrito de las colmenas."
                ),
                signatures=(("juana", Role.PRODUCER), ("carmen", Role.CONSUMER), ("rocio", Role.TECHNICIAN)),
                recorded_by="rocio",
            ),
        ),
        events=(SealEventSpec(SealEventKind.GRANTED, -400, "rocio", review=0),),
        valid_from_day=-400,
        valid_until_day=-35,
    ),
    # Asked for and visited, but no consumer has signed yet: it cannot be granted.
    SealSpec(
        network="red-spg-bolivia",
        organization="oeca-valles-comarapa",
        status=SealStatus.IN_REVIEW,
        products=("Tomate", "Lechuga", "Acelga", "Cebollín"),
        reviews=(
            ReviewSpec(
                visited_day=-6,
                decision=PENDING,
                findings=(
                    "Primera visita. Se revisó el uso de bioinsumos en las parcelas de tomate. Falta la firma "
                    "de una consumidora para decidir."
                ),
                signatures=(("juana", Role.PRODUCER), ("rocio", Role.TECHNICIAN)),
                recorded_by="rocio",
            ),
        ),
        events=(SealEventSpec(SealEventKind.REQUESTED, -20, "teresa"),),
    ),
    SealSpec(
        network="rede-sul-certificacao",
        organization="coop-nova-petropolis",
        status=SealStatus.GRANTED,
        products=("Queijo colonial", "Mel", "Geleia de uva", "Suco de uva integral", "Ovos caipiras"),
        reviews=(
            ReviewSpec(
                visited_day=-95,
                decision=GRANT,
                findings=(
                    "Pastagens sem agrotóxicos, galinhas soltas e agroindústria familiar com boas práticas. "
                    "Rótulos com a origem do leite."
                ),
                signatures=(("valdir", Role.PRODUCER), ("neusa", Role.CONSUMER), ("daniela", Role.TECHNICIAN)),
                recorded_by="daniela",
            ),
        ),
        events=(SealEventSpec(SealEventKind.GRANTED, -90, "daniela", review=0),),
        valid_from_day=-90,
        valid_until_day=275,
    ),
    # Granted, then suspended until a new visit: the reason is shown to buyers.
    SealSpec(
        network="rede-sul-certificacao",
        organization="agroecologistas-ipe",
        status=SealStatus.SUSPENDED,
        products=("Feijão preto", "Tomate", "Alface", "Couve"),
        reviews=(
            ReviewSpec(
                visited_day=-310,
                decision=GRANT,
                findings=(
                    "Rotação de culturas, adubação verde e sementes próprias de feijão. Barreira vegetal "
                    "ainda baixa na divisa com a lavoura vizinha."
                ),
                signatures=(("lurdes", Role.PRODUCER), ("fernanda", Role.CONSUMER), ("daniela", Role.TECHNICIAN)),
                recorded_by="daniela",
            ),
        ),
        events=(
            SealEventSpec(SealEventKind.GRANTED, -300, "daniela", review=0),
            SealEventSpec(
                SealEventKind.SUSPENDED, -18, "daniela",
                reason="Deriva de agrotóxico da lavoura vizinha atingiu a área de tomate.",
            ),
        ),
        valid_from_day=-300,
        valid_until_day=65,
        status_reason="Deriva de agrotóxico da lavoura vizinha atingiu a área de tomate. Suspenso até nova visita.",
    ),
)
