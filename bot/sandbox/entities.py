"""Formatted text as Telegram parses it: HTML, MarkdownV2 and Markdown into plain text plus entities."""

from __future__ import annotations

import re
from html import unescape

from bot.sandbox.errors import ApiError

Entity = dict  # {"type", "offset", "length", ...} with offsets in UTF-16 code units, as Telegram counts

HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
# MarkdownV2 outside code and links: each of these must be escaped with a backslash.
RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
V2_MARKS = (("||", "spoiler"), ("__", "underline"), ("*", "bold"), ("_", "italic"), ("~", "strikethrough"))
LEGACY_MARKS = (("*", "bold"), ("_", "italic"))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """The text a person sees and its entities; a malformed markup raises Telegram's 400."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _Parser(text).html()
    if mode == "markdownv2":
        return _Parser(text).markdown(v2=True)
    if mode == "markdown":
        return _Parser(text).markdown(v2=False)
    if mode:
        raise ApiError(400, f"Bad Request: unsupported parse_mode \"{parse_mode}\"")
    return text, []


def cannot_parse(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


class _Parser:
    """One pass over the source, writing plain text and closing entities as their ends appear."""

    def __init__(self, source: str):
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.length = 0  # UTF-16 length of what is written so far
        self.entities: list[Entity] = []

    def write(self, chars: str) -> None:
        self.out.append(chars)
        self.length += utf16_len(chars)

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode())

    def close(self, kind: str, start: int, **extra) -> None:
        # Telegram drops entities that cover no text.
        if self.length > start:
            self.entities.append({"type": kind, "offset": start, "length": self.length - start, **extra})

    def result(self) -> tuple[str, list[Entity]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def html(self) -> tuple[str, list[Entity]]:
        src = self.src
        # (tag, entity type, start, attributes, byte offset) of each tag still open
        stack: list[tuple[str, str, int, dict[str, str], int]] = []
        while self.i < len(src):
            lt = src.find("<", self.i)
            if lt < 0:
                self.write(unescape(src[self.i:]))
                break
            self.write(unescape(src[self.i:lt]))
            gt = src.find(">", lt)
            if gt < 0:
                raise cannot_parse(f"Can't find end of the tag starting at byte offset {self.byte_offset(lt)}")
            inside = src[lt + 1:gt]
            self.i = gt + 1
            if inside.startswith("/"):
                name = inside[1:].strip().lower()
                if not stack or (name and stack[-1][0] != name):
                    raise cannot_parse(f"Unexpected end tag at byte offset {self.byte_offset(lt)}")
                tag, kind, start, attrs, _ = stack.pop()
                entity = self._html_entity(tag, kind, attrs, stack)
                if entity:
                    self.close(entity[0], start, **entity[1])
                continue
            match = re.fullmatch(r"([a-zA-Z][a-zA-Z0-9-]*)(.*?)/?", inside, re.S)
            name = match.group(1).lower() if match else ""
            if match is None or name not in HTML_TAGS:
                raise cannot_parse(f'Unsupported start tag "{name}" at byte offset {self.byte_offset(lt)}')
            attrs = {k.lower(): unescape(a or b or c) for k, a, b, c in
                     re.findall(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?""", match.group(2))}
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise cannot_parse(f'Unsupported start tag "span" at byte offset {self.byte_offset(lt)}')
            stack.append((name, HTML_TAGS[name], self.length, attrs, self.byte_offset(lt)))
        if stack:
            raise cannot_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
        return self.result()

    def _html_entity(self, tag: str, kind: str, attrs: dict, stack: list) -> tuple[str, dict] | None:
        """The entity a closed tag makes, or None when it only qualifies its parent."""
        if tag == "a":
            href = attrs.get("href", "")
            user_id = href.removeprefix("tg://user?id=")
            if href.startswith("tg://user?id=") and user_id.isdigit():
                return "text_mention", {"user": {"id": int(user_id), "is_bot": False, "first_name": ""}}
            return "text_link", {"url": href}
        if tag == "code" and stack and stack[-1][0] == "pre" and attrs.get("class", "").startswith("language-"):
            # <pre><code class="language-x"> is one pre entity with a language, not two entities.
            stack[-1][3]["language"] = attrs["class"][len("language-"):]
            return None
        if tag == "pre" and attrs.get("language"):
            return "pre", {"language": attrs["language"]}
        if tag == "blockquote" and "expandable" in attrs:
            return "expandable_blockquote", {}
        if tag == "tg-emoji":
            return "custom_emoji", {"custom_emoji_id": attrs.get("emoji-id", "")}
        return kind, {}

    # One branch per kind of character Telegram's parser tells apart: split, the scan would be harder to follow.
    def markdown(self, *, v2: bool) -> tuple[str, list[Entity]]:  # noqa: C901
        src, marks = self.src, V2_MARKS if v2 else LEGACY_MARKS
        open_: list[tuple[str, int, int]] = []  # (entity type, start, byte offset)
        quote: int | None = None  # where the open blockquote started
        while self.i < len(src):
            c = src[self.i]
            at_line_start = self.i == 0 or src[self.i - 1] == "\n"
            if v2 and c == ">" and at_line_start:
                quote = self.length if quote is None else quote
                self.i += 1
            elif c == "\n" and quote is not None and not src.startswith(">", self.i + 1):
                self.close("blockquote", quote)
                quote = None
                self.write(c)
                self.i += 1
            elif c == "\\" and self.i + 1 < len(src) and (v2 or src[self.i + 1] in "_*`["):
                self.write(src[self.i + 1])
                self.i += 2
            elif c == "`":
                self._code()
            elif c == "[":
                self._link(v2)
            elif mark := next(((m, k) for m, k in marks if src.startswith(m, self.i)), None):
                opened = next((n for n in range(len(open_) - 1, -1, -1) if open_[n][0] == mark[1]), None)
                if opened is None:
                    open_.append((mark[1], self.length, self.byte_offset(self.i)))
                else:
                    kind, start, _ = open_.pop(opened)
                    self.close(kind, start)
                self.i += len(mark[0])
            elif v2 and c in RESERVED_V2:
                raise cannot_parse(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
            else:
                self.write(c)
                self.i += 1
        if quote is not None:
            self.close("blockquote", quote)
        if open_:
            kind, _, offset = open_[-1]
            if v2:
                raise cannot_parse(f"Can't find end of {kind.capitalize()} entity at byte offset {offset}")
            raise cannot_parse(f"Can't find end of the entity starting at byte offset {offset}")
        return self.result()

    def _code(self) -> None:
        src, fence = self.src, "```" if self.src.startswith("```", self.i) else "`"
        begin = self.i
        j, body = self.i + len(fence), []
        while j < len(src) and not src.startswith(fence, j):
            if src[j] == "\\" and j + 1 < len(src):
                j += 1
            body.append(src[j])
            j += 1
        if j >= len(src):
            kind = "Pre" if fence == "```" else "Code"
            raise cannot_parse(f"Can't find end of {kind} entity at byte offset {self.byte_offset(begin)}")
        text, extra = "".join(body), {}
        if fence == "```":
            first, newline, rest = text.partition("\n")
            if newline and first and " " not in first:
                text, extra = rest, {"language": first}
        start = self.length
        self.write(text)
        self.close("pre" if fence == "```" else "code", start, **extra)
        self.i = j + len(fence)

    def _link(self, v2: bool) -> None:
        close = self.src.find("](", self.i)
        end = -1 if close < 0 else next(
            (j for j in range(close + 2, len(self.src)) if self.src[j] == ")" and self.src[j - 1] != "\\"), -1
        )
        if close < 0 or end < 0:
            if v2:
                raise cannot_parse("Character '[' is reserved and must be escaped with the preceding '\\'")
            self.write("[")
            self.i += 1
            return
        label = _Parser(self.src[self.i + 1:close]).markdown(v2=v2)
        start = self.length
        self.write(label[0])
        for entity in label[1]:
            self.entities.append({**entity, "offset": entity["offset"] + start})
        url = self.src[close + 2:end].replace("\\)", ")").replace("\\\\", "\\")
        self.close("text_mention" if url.startswith("tg://user?id=") else "text_link", start, url=url)
        self.i = end + 1


_AUTO = [
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("url", re.compile(r"\bhttps?://[^\s]+")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("mention", re.compile(r"(?<!\w)@[A-Za-z0-9_]{5,32}\b")),
    ("hashtag", re.compile(r"(?<!\w)#\w+")),
]


def detect(text: str) -> list[Entity]:
    """The entities Telegram adds to a person's plain text (CommandHandler needs bot_command)."""
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO:  # earlier kinds win where two overlap: "@" inside a URL is no mention
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            offset = utf16_len(text[:match.start()])
            found.append({"type": kind, "offset": offset, "length": utf16_len(match.group())})
    found.sort(key=lambda e: e["offset"])
    return found
