"""Choose the language of a web request: ?lang=, then Accept-Language, then the default."""

from aiohttp import web

from market.presentation.i18n import supported_locale


def accept_language_codes(header: str) -> list[str]:
    """Language codes of an Accept-Language header, best first.

    | header                               | codes               |
    |--------------------------------------|---------------------|
    | "pt-BR,pt;q=0.9,en;q=0.8"            | ["pt-BR", "pt", "en"] |
    | "en;q=0.1, es"                       | ["es", "en"]        |
    | "*;q=0.5, fr;q=abc"                  | ["*", "fr"]         |
    """
    weighted = []
    for position, item in enumerate(header.split(",")):
        code, _, params = item.partition(";")
        code = code.strip()  # "en ;q=0.5" names "en"
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code:
            weighted.append((-quality, position, code))
    return [code for _, _, code in sorted(weighted)]


def request_locale(request: web.Request, default: str) -> str:
    chosen = supported_locale(request.query.get("lang"))
    if chosen:
        return chosen
    for code in accept_language_codes(request.headers.get("Accept-Language", "")):
        chosen = supported_locale(code)
        if chosen:
            return chosen
    return supported_locale(default) or "es"
