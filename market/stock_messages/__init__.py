"""Reading a producer's stock message ("tomate 20 kg a 8,50") into stock lines, as a neighbour would.

A producer writes in the chat, in Spanish, Portuguese or English, one product a line. Each non-blank
line gives a `StockLine` or a `StockMessageError` (returned, not raised), so the good lines of a
message are still offered. The reading goes in small steps over the tokens of a line:

    bullets -> tokens (numbers, words, money signs) -> signs and "mil" -> sold out -> price
    -> quantity, unit and content -> price by position -> what the price is per -> product

    words     the vocabulary of the three languages
    tokens    a line in tokens, numbers read
    reading   a line's steps, StockLine and StockMessageError, and parse_stock_message

Where the issue is silent, the parser does what a producer would expect:

- A line with no letter or digit ("-----", a row of emoji) is decoration, read as blank; line
  numbers still count it. Emoji anywhere in a line read as a space.
- A line whose only numbers are prices ("tomate a 8,50") has no quantity: `no_quantity`.
- A number that follows no rule ("1,2,3", "1.20.5") is `bad_quantity`, or `bad_price` for a price.
- A "-" is a minus only when glued to the number and not to a word or number before it: "tomate
  -5 kg" takes 5 kg away (mode "take", as "+5" adds), "tomate-5kg" and "20-25" are not. "−" and "–"
  glued to a number are minus too.
- "@" right after the quantity is the arroba ("15 @"); "@" anywhere else before a number is "at".
- Currency words ("reais", "soles", "pesos") count only after a number ("150 reais"), so a name
  such as "papa real 20 kg" keeps "real"; signs and codes ("R$", "Bs.", "USD") go either side.
- "x" is "por": "20 kg x 8,50" is a price, "8,50 x kilo" and "c/kg" name what it is per, but
  "12 bolsas x 500 g" is a content: a number with a unit after it is never read as a price by a word.
- "precio", "preço", "price", "valor" before the price are read with it; "tengo", "hay", "hoy",
  "tenho", "disponible", "available"... and connectors at either end of the product are dropped.
- "15 mil" is 15000; "1/2 kg", "3/4", "1 1/2" are fractions (halves, thirds, quarters, eighths).
- "sin stock", "sem estoque", "out of stock" are sold out too; a sold-out line with a quantity
  ("papa 3 qq agotado") is 0 in the written unit.
- The content follows a counted unit written as a word: bag, sack, box, jar, bottle, bunch, unit.
- A few common spellings are units too: "kls", "grm", "ltr", "tn", "ud", "unid", "pz", "pcs",
  "peça", "mazo", "bolsita", "cajita". Other words ("bultos", "heads") stay in the product.
- The product may come out empty ("+20 kg"): that is for the caller to ask about.
- A product may not start as a spreadsheet formula does ("=", "+", "-", "@"): a bracketed name keeps
  its leading mark ("=HYPERLINK(...)"), and names end up in the bulk order's CSV: `bad_name`.
- Words are looked up in every language, the producer's own first: a word that is only an
  ordinary word in it ("real" in Spanish, "sol" in Portuguese) is not a currency there. An
  unknown locale reads as Spanish.
"""

from market.stock_messages.reading import LIMIT, StockLine, StockMessageError, parse_stock_message
from market.stock_messages.tokens import read_number

__all__ = ["LIMIT", "StockLine", "StockMessageError", "parse_stock_message", "read_number"]
