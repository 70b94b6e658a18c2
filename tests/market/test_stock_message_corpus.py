"""A corpus of producer messages as they really arrive, with what Feria must read in each.

Spanish from Bolivia, Peru, Mexico, Colombia and Paraguay, Portuguese from Brazil, English; comma
decimals, thousands groups, bullets and numbering, emoji, glued units and the typos a phone makes.
"""

from decimal import Decimal

import pytest

from market.stock_messages import StockLine, StockMessageError, parse_stock_message


def ok(line, product, quantity, unit, price=None, currency=None, per=None, content=None, mode="set"):
    """An expected stock line; `per` defaults to the line's unit when there is a price."""
    return StockLine(
        line=line, product=product, quantity=Decimal(quantity), unit=unit, mode=mode,
        price=None if price is None else Decimal(price), currency=currency,
        price_unit=(per or unit) if price is not None else None,
        content=None if content is None else (Decimal(content[0]), content[1]),
    )


def error(line, code):
    return StockMessageError(code, line=line)


CORPUS = [
    # --- Bolivia ---
    ("tomate 20 kg a 8,50", "es", [ok(1, "tomate", "20", "kg", "8.5")]),
    ("Papa nativa 3 quintales 150 Bs c/u", "es", [ok(1, "papa nativa", "3", "quintal", "150", "BOB")]),
    ("café tostado 12 bolsas de 500g a 35", "es_BO", [ok(1, "café tostado", "12", "bag", "35", content=("500", "g"))]),
    ("Buenos días, esto tengo hoy:\n- Tomate 20kg a 8,50 Bs\n- Cebolla 15 kg a 6 Bs.\n- Papa 3 qq 150 Bs el qq",
     "es", [error(1, "no_quantity"), ok(2, "tomate", "20", "kg", "8.5", "BOB"),
            ok(3, "cebolla", "15", "kg", "6", "BOB"), ok(4, "papa", "3", "quintal", "150", "BOB")]),
    ("1) Quinua real 2 qq Bs. 900 c/u\n2) Café 10 bolsas de 1/2 kg a 40 Bs", "es",
     [ok(1, "quinua real", "2", "quintal", "900", "BOB"),
      ok(2, "café", "10", "bag", "40", "BOB", content=("0.5", "kg"))]),
    ("Frijol 2 qq a Bs 800 el qq", "es", [ok(1, "frijol", "2", "quintal", "800", "BOB")]),
    ("arroz 5 @ a Bs 120 la @", "es", [ok(1, "arroz", "5", "arroba", "120", "BOB")]),
    ("Leche 20 litros 5 Bs el litro", "es", [ok(1, "leche", "20", "l", "5", "BOB")]),
    ("Miel 12 frascos 250 g 45 Bs c/u", "es", [ok(1, "miel", "12", "jar", "45", "BOB", content=("250", "g"))]),
    ("Naranjas 3 docenas 10 Bs la docena", "es", [ok(1, "naranjas", "3", "dozen", "10", "BOB")]),
    ("Mango 1 caja Bs 80", "es", [ok(1, "mango", "1", "box", "80", "BOB")]),
    ("Carne de res 10 kg Bs 50 x kg", "es", [ok(1, "carne de res", "10", "kg", "50", "BOB")]),
    ("café 10 bolsas 250gr 30bs", "es", [ok(1, "café", "10", "bag", "30", "BOB", content=("250", "g"))]),
    ("tomte 20 kgs a8,50", "es", [ok(1, "tomte", "20", "kg", "8.5")]),
    ("TOMATE   20   KG   A   8,50", "es", [ok(1, "tomate", "20", "kg", "8.5")]),
    ("Papas 2 qq a 1.200,50 Bs.", "es", [ok(1, "papas", "2", "quintal", "1200.5", "BOB")]),
    ("Choclo 100 unid. a 1,50 c/u", "es", [ok(1, "choclo", "100", "unit", "1.5")]),
    ("Limón 2 costales\nPalta 3 cajas\nCebolla agotado", "es",
     [ok(1, "limón", "2", "sack"), ok(2, "palta", "3", "box"), ok(3, "cebolla", "0", "unit")]),
    ("+20 kg tomate\n+ 1 qq papa", "es", [ok(1, "tomate", "20", "kg", mode="add"), ok(2, "papa", "1", "quintal", mode="add")]),
    ("tomate -5 kg", "es", [ok(1, "tomate", "5", "kg", mode="take")]),
    ("Queso 5 kg a Bs -40", "es", [error(1, "bad_price")]),
    ("Papa 2000000 kg", "es", [error(1, "too_large")]),
    ("papa 1.200 kg", "es", [ok(1, "papa", "1200", "kg")]),
    ("Pimentón 0,500 kg", "es", [ok(1, "pimentón", "0.5", "kg")]),
    ("🍅 Tomate 20 kg 💚\n🥔 Papa 3 qq", "es", [ok(1, "tomate", "20", "kg"), ok(2, "papa", "3", "quintal")]),
    ("Tomate: 20 kg - Bs 8,50", "es", [ok(1, "tomate", "20", "kg", "8.5", "BOB")]),
    ("Charque 10 kg a 120bs el kilo", "es", [ok(1, "charque", "10", "kg", "120", "BOB")]),
    ("queso fresco 20 kg a 8,50 c/kg", "es", [ok(1, "queso fresco", "20", "kg", "8.5")]),
    ("Tomate   riñón    20  kg a   8,50", "es", [ok(1, "tomate riñón", "20", "kg", "8.5")]),
    ("papa 3qq a150bs", "es", [ok(1, "papa", "3", "quintal", "150", "BOB")]),
    ("- cebolla 2 qq\n- ajo 10 kg a 25 bs el kilo\n- locoto agotado", "es",
     [ok(1, "cebolla", "2", "quintal"), ok(2, "ajo", "10", "kg", "25", "BOB"), ok(3, "locoto", "0", "unit")]),
    # --- Peru ---
    ("Papa amarilla 1.200 kg S/. 2,50 el kilo", "es_PE", [ok(1, "papa amarilla", "1200", "kg", "2.5", "PEN")]),
    ("Palta fuerte 500 kg a S/ 6 x kilo", "es_PE", [ok(1, "palta fuerte", "500", "kg", "6", "PEN")]),
    ("Maca en polvo 20 bolsas de 250 gr a 18 soles", "es",
     [ok(1, "maca en polvo", "20", "bag", "18", "PEN", content=("250", "g"))]),
    ("quinua 3 sacos 50 kg 380 soles c/u", "es", [ok(1, "quinua", "3", "sack", "380", "PEN", content=("50", "kg"))]),
    ("1. Cacao 2 qq S/.850\n2. Aguaymanto 30 kg 12 PEN kg", "es",
     [ok(1, "cacao", "2", "quintal", "850", "PEN"), ok(2, "aguaymanto", "30", "kg", "12", "PEN")]),
    # --- Mexico ---
    ("Aguacate hass 2 cajas de 10 kg $450 c/u", "es_MX", [ok(1, "aguacate hass", "2", "box", "450", content=("10", "kg"))]),
    ("Chile serrano 25 kg a 30 pesos el kilo", "es_MX", [ok(1, "chile serrano", "25", "kg", "30")]),
    ("Tortillas 50 kg x $22", "es_MX", [ok(1, "tortillas", "50", "kg", "22")]),
    ("Miel de abeja 24 frascos de 1/2 kg $120 cada uno", "es_MX",
     [ok(1, "miel de abeja", "24", "jar", "120", content=("0.5", "kg"))]),
    ("Nopal 100 pzas a 3.50 c/u\nJitomate 2 cajas 350 MXN", "es_MX",
     [ok(1, "nopal", "100", "unit", "3.5"), ok(2, "jitomate", "2", "box", "350", "MXN")]),
    ("Elote 200 piezas", "es", [ok(1, "elote", "200", "unit")]),
    ("Frijol negro 10 costales de 50 kg", "es", [ok(1, "frijol negro", "10", "sack", content=("50", "kg"))]),
    # --- Colombia ---
    ("Café pergamino 5 @ a 120.000 COP", "es_CO", [ok(1, "café pergamino", "5", "arroba", "120000", "COP")]),
    ("Panela 20 atados a $8.000", "es_CO", [ok(1, "panela", "20", "bunch", "8000")]),
    ("tomate de árbol 10 kg a 4.500", "es", [ok(1, "tomate de árbol", "10", "kg", "4500")]),
    ("mora 20 libras a 3.500 la libra", "es_CO", [ok(1, "mora", "20", "lb", "3500")]),
    ("Cilantro 30 manojos $1.000 c/u", "es_CO", [ok(1, "cilantro", "30", "bunch", "1000")]),
    ("Plátano 15 kg a 2 mil el kilo", "es_CO", [ok(1, "plátano", "15", "kg", "2000")]),
    # --- Paraguay ---
    ("Mandioca 50 kg Gs. 3.500 el kilo", "es_PY", [ok(1, "mandioca", "50", "kg", "3500", "PYG")]),
    ("Queso Paraguay 10 kg a 35 mil Gs", "es_PY", [ok(1, "queso paraguay", "10", "kg", "35000", "PYG")]),
    ("Chipa 40 docenas 15.000 guaraníes la docena", "es_PY", [ok(1, "chipa", "40", "dozen", "15000", "PYG")]),
    ("* Yerba mate 20 bolsas de 1 kg Gs 25.000\n* Miel 10 frascos", "es",
     [ok(1, "yerba mate", "20", "bag", "25000", "PYG", content=("1", "kg")), ok(2, "miel", "10", "jar")]),
    # --- Brazil ---
    ("mel 20 potes de 500 g R$ 25 cada", "pt_BR", [ok(1, "mel", "20", "jar", "25", "BRL", content=("500", "g"))]),
    ("3 sacas de feijão R$ 300 a saca", "pt", [ok(1, "feijão", "3", "sack", "300", "BRL")]),
    ("Mamão 30 unidades R$ 4,00 cada", "pt", [ok(1, "mamão", "30", "unit", "4", "BRL")]),
    ("Alface 40 maços a R$2,50", "pt", [ok(1, "alface", "40", "bunch", "2.5", "BRL")]),
    ("Feijão carioca 10 sacas de 60 kg R$ 280 a saca", "pt",
     [ok(1, "feijão carioca", "10", "sack", "280", "BRL", content=("60", "kg"))]),
    ("Boi gordo 15 @ R$ 300 a @", "pt", [ok(1, "boi gordo", "15", "arroba", "300", "BRL")]),
    ("Ovos 30 dúzias R$ 12 a dúzia", "pt", [ok(1, "ovos", "30", "dozen", "12", "BRL")]),
    ("Queijo minas 10 kg por R$ 40 o quilo", "pt", [ok(1, "queijo minas", "10", "kg", "40", "BRL")]),
    ("Farinha 20 kg à R$ 5,50 o quilo", "pt", [ok(1, "farinha", "20", "kg", "5.5", "BRL")]),
    ("Couve 20 molhos R$ 3 cada\nRúcula esgotada\nCheiro verde 15 maços", "pt",
     [ok(1, "couve", "20", "bunch", "3", "BRL"), ok(2, "rúcula", "0", "unit"), ok(3, "cheiro verde", "15", "bunch")]),
    ("Tomate 20 quilos a 8 reais o quilo", "pt", [ok(1, "tomate", "20", "kg", "8", "BRL")]),
    ("Vinho 12 garrafas de 750 ml R$ 45 cada uma", "pt",
     [ok(1, "vinho", "12", "bottle", "45", "BRL", content=("750", "ml"))]),
    ("Café 50 sacas 1.200,00 reais", "pt", [ok(1, "café", "50", "sack", "1200", "BRL")]),
    ("- Banana prata 20 dz R$6 a dz\n- Aipim 30kg", "pt",
     [ok(1, "banana prata", "20", "dozen", "6", "BRL"), ok(2, "aipim", "30", "kg")]),
    ("+10 caixas de morango", "pt", [ok(1, "morango", "10", "box", mode="add")]),
    ("Goiabada 30 potes 400g R$ 15", "pt", [ok(1, "goiabada", "30", "jar", "15", "BRL", content=("400", "g"))]),
    ("Tomate italiano 2 caixas de 20 kg R$ 90 a caixa", "pt",
     [ok(1, "tomate italiano", "2", "box", "90", "BRL", content=("20", "kg"))]),
    ("Abóbora cabotiá 300 quilos a R$ 2,80 o quilo", "pt", [ok(1, "abóbora cabotiá", "300", "kg", "2.8", "BRL")]),
    ("Queijo coalho 15 peças R$ 35 cada\nOvos caipira sem estoque", "pt",
     [ok(1, "queijo coalho", "15", "unit", "35", "BRL"), ok(2, "ovos caipira", "0", "unit")]),
    ("MEL 10 POTES 1KG R$ 40", "pt", [ok(1, "mel", "10", "jar", "40", "BRL", content=("1", "kg"))]),
    ("Tomate 20kg\r\nCebola 10 kg\r\nBatata esgotada", "pt",
     [ok(1, "tomate", "20", "kg"), ok(2, "cebola", "10", "kg"), ok(3, "batata", "0", "unit")]),
    ("Açaí 50 litros R$ 18/l", "pt", [ok(1, "açaí", "50", "l", "18", "BRL")]),
    ("Farinha 1.500 kg 4,50 o kg", "pt", [ok(1, "farinha", "1500", "kg", "4.5")]),
    # --- English ---
    ("Strawberries 24 boxes, $4 each\nGoat cheese OUT OF STOCK", "en",
     [ok(1, "strawberries", "24", "box", "4"), ok(2, "goat cheese", "0", "unit")]),
    ("Beef 50 lbs US$ 6.50/lb", "en", [ok(1, "beef", "50", "lb", "6.5", "USD")]),
    ("Salad mix 30 bags of 250 g $5 each", "en", [ok(1, "salad mix", "30", "bag", "5", content=("250", "g"))]),
    ("Potatoes 1 1/2 tons", "en", [ok(1, "potatoes", "1.5", "t")]),
    ("Eggs 30 dozen $4.50 each", "en", [ok(1, "eggs", "30", "dozen", "4.5")]),
    ("Tomatoes 20 lbs @ $2.50/lb", "en", [ok(1, "tomatoes", "20", "lb", "2.5")]),
    ("Honey 12 jars of 500 ml at 8 USD", "en", [ok(1, "honey", "12", "jar", "8", "USD", content=("500", "ml"))]),
    ("Kale sold out", "en", [ok(1, "kale", "0", "unit")]),
    ("20 lb tomatoes $3 a pound", "en_US", [ok(1, "tomatoes", "20", "lb", "3")]),
    ("Bananas 10 bunches 1.50 each\nApples 3 boxes of 20 lb, $35/box\nSpinach SOLD OUT", "en",
     [ok(1, "bananas", "10", "bunch", "1.5"), ok(2, "apples", "3", "box", "35", content=("20", "lb")),
      ok(3, "spinach", "0", "unit")]),
    ("Potatoes 1,200 lbs at 0.80 USD per lb", "en", [ok(1, "potatoes", "1200", "lb", "0.8", "USD")]),
    ("Milk 40 bottles of 1 liter 3 dollars each", "en", [ok(1, "milk", "40", "bottle", "3", "USD", content=("1", "l"))]),
    ("+15 lbs carrots", "en", [ok(1, "carrots", "15", "lb", mode="add")]),
    ("Garlic -3 lb", "en", [ok(1, "garlic", "3", "lb", mode="take")]),
    # --- messages that mix good and bad lines ---
    ("Hola!\n\n1. tomate 20 kg\n2. papa -3 kg\n3. cebolla\n4. locoto 5 kg a 10", "es",
     [error(1, "no_quantity"), ok(3, "tomate", "20", "kg"), ok(4, "papa", "3", "kg", mode="take"),
      error(5, "no_quantity"),
      ok(6, "locoto", "5", "kg", "10")]),
    ("huevos 30\nlechuga 30 2,50\ntomate agotado", "es",
     [ok(1, "huevos", "30", "unit"), ok(2, "lechuga", "30", "unit", "2.5"), ok(3, "tomate", "0", "unit")]),
    ("20 kg de tomate\ndulce de leche 10 frascos\nTomate: 20kg", "es",
     [ok(1, "tomate", "20", "kg"), ok(2, "dulce de leche", "10", "jar"), ok(3, "tomate", "20", "kg")]),
]


@pytest.mark.parametrize("message, locale, lines", CORPUS, ids=[m.splitlines()[0][:40] for m, _, _ in CORPUS])
def test_a_producer_message_reads_as_the_producer_meant(message, locale, lines):
    assert parse_stock_message(message, locale) == lines


def test_the_corpus_is_large_and_varied():
    assert len(CORPUS) >= 60
    assert {locale[:2] for _, locale, _ in CORPUS} == {"es", "pt", "en"}
