"""Formatted text is parsed as Telegram parses it, and a person's text gets Telegram's entities."""

from __future__ import annotations

import pytest

from bot.sandbox.entities import detect, parse
from bot.sandbox.errors import ApiError


@pytest.mark.parametrize(
    ("source", "mode", "text", "entities"),
    [
        ("<b>Papa</b> 8 Bs", "HTML", "Papa 8 Bs", [("bold", 0, 4)]),
        ("&lt;Ana&gt; &amp; Tom &#33;", "HTML", "<Ana> & Tom !", []),
        ('<a href="https://feria.org">ver</a>', "HTML", "ver", [("text_link", 0, 3)]),
        ("<pre><code class=\"language-python\">x=1</code></pre>", "HTML", "x=1", [("pre", 0, 3)]),
        ("😀<i>x</i>", "HTML", "😀x", [("italic", 2, 1)]),  # offsets count UTF-16 code units
        ("*Papa* 8\\.50 Bs", "MarkdownV2", "Papa 8.50 Bs", [("bold", 0, 4)]),
        ("__sub__ ||oculto||", "MarkdownV2", "sub oculto", [("underline", 0, 3), ("spoiler", 4, 6)]),
        ("[ver](https://feria.org/a\\)b)", "MarkdownV2", "ver", [("text_link", 0, 3)]),
        ("`a\\`b`", "MarkdownV2", "a`b", [("code", 0, 3)]),
        (">cita\n>sigue\nfin", "MarkdownV2", "cita\nsigue\nfin", [("blockquote", 0, 10)]),
        ("*Papa* 8.50", "Markdown", "Papa 8.50", [("bold", 0, 4)]),
        ("sin formato <b>", None, "sin formato <b>", []),
    ],
)
def test_markup_becomes_plain_text_and_entities(source, mode, text, entities):
    parsed_text, parsed_entities = parse(source, mode)

    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed_entities] == entities


@pytest.mark.parametrize(
    ("source", "mode", "error"),
    [
        ("a<br>b", "HTML", 'Unsupported start tag "br" at byte offset 1'),
        ("<b>sin cerrar", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("cierra</b>", "HTML", "Unexpected end tag at byte offset 6"),
        ("8.50", "MarkdownV2", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("*abierto", "MarkdownV2", "Can't find end of Bold entity at byte offset 0"),
        ("_abierto", "Markdown", "Can't find end of the entity starting at byte offset 0"),
    ],
)
def test_markup_that_does_not_parse_gives_telegrams_error(source, mode, error):
    with pytest.raises(ApiError) as raised:
        parse(source, mode)

    assert raised.value.code == 400
    assert raised.value.description == f"Bad Request: can't parse entities: {error}"


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("/start", [("bot_command", 0, 6)]),
        ("/start@FeriaBot promo_1", [("bot_command", 0, 15)]),
        ("mira https://feria.org/@x", [("url", 5, 20)]),
        ("escribe a ana@feria.org o a @coop_sorata #quinua", [("email", 10, 13), ("mention", 28, 12),
                                                                ("hashtag", 41, 7)]),
        ("tomate 20 kg a 8,50", []),
    ],
)
def test_a_persons_text_gets_the_entities_telegram_adds(text, entities):
    assert [(e["type"], e["offset"], e["length"]) for e in detect(text)] == entities
