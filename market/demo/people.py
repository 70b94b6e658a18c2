"""Demo people: producers, consumers, group coordinators and PGS reviewers.

Mostly women, as in the field: the family's representative who organizes and buys is
usually an adult woman. Telegram ids are fixed so that a second seed finds the same people;
producers count from 900000001, consumers from 900000101 (Bolivia and Mexico) and 900000201
(Brazil), technicians from 900000301.
"""

from market.demo.data import PersonSpec


def _es(handle: str, telegram_user_id: int, name: str, territory: str) -> PersonSpec:
    return PersonSpec(handle, telegram_user_id, name, territory, "es", "es")


def _pt(handle: str, telegram_user_id: int, name: str, territory: str) -> PersonSpec:
    return PersonSpec(handle, telegram_user_id, name, territory, "pt_BR", "pt-br")


def _unset(handle: str, telegram_user_id: int, name: str, territory: str, language_code: str) -> PersonSpec:
    """Someone who never chose a language: the bot guesses it from Telegram."""
    return PersonSpec(handle, telegram_user_id, name, territory, None, language_code)


PRODUCERS = (
    # Asociación de Productores de Café Amboró
    _es("hilda", 900_000_001, "Hilda Justiniano Rojas", "bo-scz-buena-vista"),
    _es("reina", 900_000_002, "Reina Suárez Vaca", "bo-scz-buena-vista"),
    _es("marcelino", 900_000_003, "Marcelino Flores Arteaga", "bo-scz-buena-vista"),
    _es("norma", 900_000_004, "Norma Añez Cuéllar", "bo-scz-buena-vista"),
    # CORACA Irupana
    _es("felipa", 900_000_005, "Felipa Huanca Mamani", "bo-lpz-irupana"),
    _es("juana", 900_000_006, "Juana Condori Quispe", "bo-lpz-irupana-chicaloma"),
    _es("lidia", 900_000_007, "Lidia Choque Ticona", "bo-lpz-irupana"),
    _unset("sonia", 900_000_008, "Sonia Ticona Apaza", "bo-lpz-irupana", "es"),
    # OECA Valles de Comarapa
    _es("teresa", 900_000_009, "Teresa Chávez Montaño", "bo-scz-comarapa"),
    _es("martha", 900_000_010, "Martha Vargas Rojas", "bo-scz-comarapa"),
    _es("elena", 900_000_011, "Elena Rocha Saucedo", "bo-scz-comarapa"),
    _es("julio", 900_000_012, "Julio Cuéllar Paz", "bo-scz-comarapa"),
    # Taller de Tejidos Warmi Makis
    _es("basilia", 900_000_013, "Basilia Colque Flores", "bo-pts-potosi"),
    _es("rufina", 900_000_014, "Rufina Mamani Choque", "bo-pts-potosi"),
    _es("justina", 900_000_015, "Justina Ayala Copa", "bo-pts-potosi"),
    # Cooperativa Agroecológica Sierra Norte
    _es("guadalupe", 900_000_016, "Guadalupe López Hernández", "mx-oax-capulalpam"),
    _es("margarita", 900_000_017, "Margarita Santiago Pérez", "mx-oax-capulalpam"),
    _es("rogelio", 900_000_018, "Rogelio Pérez Luna", "mx-oax-capulalpam"),
    _es("josefina", 900_000_019, "Josefina Cruz Martínez", "mx-oax-capulalpam"),
    # Empresa Comunitaria Ñuu Savi
    _es("eufemia", 900_000_020, "Eufemia Ramírez Ortiz", "mx-oax-tecomaxtlahuaca"),
    _es("rosalia", 900_000_021, "Rosalía Martínez Bautista", "mx-oax-tecomaxtlahuaca"),
    _es("maximina", 900_000_022, "Maximina García Cruz", "mx-oax-tecomaxtlahuaca"),
    # Cooperativa de Agricultores Familiares Nova Petrópolis
    _pt("ivone", 900_000_023, "Ivone Schmitt Weber", "br-rs-nova-petropolis"),
    _pt("lurdes", 900_000_024, "Lurdes Klein", "br-rs-nova-petropolis"),
    _pt("cleusa", 900_000_025, "Cleusa Schneider", "br-rs-nova-petropolis"),
    _pt("arno", 900_000_026, "Arno Hoffmann", "br-rs-nova-petropolis"),
    # Coletivo de Mulheres Artesãs da Lomba do Pinheiro
    _pt("rosangela", 900_000_027, "Rosângela da Silva", "br-rs-porto-alegre"),
    _pt("marli", 900_000_028, "Marli dos Santos", "br-rs-porto-alegre"),
    _pt("jussara", 900_000_029, "Jussara Oliveira", "br-rs-porto-alegre"),
    # Associação de Agricultores Ecologistas de Ipê
    _pt("sirlei", 900_000_030, "Sirlei Zanella", "br-rs-ipe"),
    _pt("valdir", 900_000_031, "Valdir Bortolini", "br-rs-ipe"),
    _pt("elisete", 900_000_032, "Elisete Dal Molin", "br-rs-ipe"),
)

CONSUMERS = (
    # Grupo de Consumo Solidario Equipetrol, Santa Cruz de la Sierra
    _es("carmen", 900_000_101, "Carmen Gutiérrez Ribera", "bo-scz-santa-cruz"),
    _es("ana_maria", 900_000_102, "Ana María Rivero Antelo", "bo-scz-santa-cruz"),
    _es("patricia", 900_000_103, "Patricia Méndez Soliz", "bo-scz-santa-cruz"),
    _es("gabriela", 900_000_104, "Gabriela Roca Paz", "bo-scz-santa-cruz"),
    _es("silvia", 900_000_105, "Silvia Terrazas Arce", "bo-scz-santa-cruz"),
    _es("monica", 900_000_106, "Mónica Salvatierra Áñez", "bo-scz-santa-cruz"),
    _es("luis_fernando", 900_000_107, "Luis Fernando Ribera Suárez", "bo-scz-santa-cruz"),
    _es("claudia", 900_000_108, "Claudia Peña Cuéllar", "bo-scz-santa-cruz"),
    # Buyers of the Yungas coffee in La Paz and of the Sierra Norte's maize in Oaxaca.
    _es("victoria", 900_000_109, "Victoria Apaza Limachi", "bo-lpz-la-paz"),
    _es("leticia", 900_000_110, "Leticia Sánchez Ruiz", "mx-oax-oaxaca"),
    _es("araceli", 900_000_111, "Araceli Vásquez Díaz", "mx-oax-oaxaca"),
    # Grupo de Compras Coletivas Bom Fim, Porto Alegre
    _pt("neusa", 900_000_201, "Neusa Vieira", "br-rs-porto-alegre"),
    _pt("tania", 900_000_202, "Tânia Rodrigues", "br-rs-porto-alegre"),
    _pt("fernanda", 900_000_203, "Fernanda Costa", "br-rs-porto-alegre"),
    _pt("juliana", 900_000_204, "Juliana Pereira", "br-rs-porto-alegre"),
    _pt("beatriz", 900_000_205, "Beatriz Almeida", "br-rs-porto-alegre"),
    _unset("luciana", 900_000_206, "Luciana Martins", "br-rs-porto-alegre", "pt-br"),
    _pt("paulo", 900_000_207, "Paulo Ricardo Souza", "br-rs-porto-alegre"),
    _pt("camila", 900_000_208, "Camila Fagundes", "br-rs-porto-alegre"),
)

# Agronomists who sign peer reviews as technicians.
TECHNICIANS = (
    _es("rocio", 900_000_301, "Rocío Zambrana Ortiz", "bo-scz-santa-cruz"),
    _pt("daniela", 900_000_302, "Daniela Fontana", "br-rs-porto-alegre"),
)

# Looks after the demo installation: an operator named by nobody, as the command line names the first one.
OPERATORS = (
    _es("olga", 900_000_401, "Olga Mercado Vargas", "bo-scz-santa-cruz"),
)
# Registered an organization in the chat that waits for an operator's decision (market/demo/organizations.py).
APPLICANTS = (
    _es("dionisia", 900_000_033, "Dionisia Rojas Cuéllar", "bo-scz-comarapa"),
)

PEOPLE = PRODUCERS + CONSUMERS + TECHNICIANS + OPERATORS + APPLICANTS
