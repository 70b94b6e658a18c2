"""The catalog's categories as an operator manages them: the list, one category's names, and a new one."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import LANGUAGE_NAMES
from bot.turn import Screen, Voice
from market.enums import SUPPORTED_LOCALES
from market.services.catalog.categories import CategoryNames

PAGE_SIZE = 10


def category_list(voice: Voice, categories: tuple[CategoryNames, ...], offset: int) -> Screen:
    """A page of the categories in the catalog's order: a button opens each; one adds a new one."""
    _ = voice._
    page = categories[offset:offset + PAGE_SIZE]
    lines = [_("🏷 The catalog's categories"), "", _("Choose one to rename it, or add a new one.")]
    rows = [[voice.button(voice.category(c.code, c.stored), Action.CATEGORY_PAGE, c.code)] for c in page]
    more = []
    if offset > 0:
        more.append(voice.button(_("« Previous"), Action.CATEGORY_LIST, max(offset - PAGE_SIZE, 0)))
    if offset + PAGE_SIZE < len(categories):
        more.append(voice.button(_("More »"), Action.CATEGORY_LIST, offset + PAGE_SIZE))
    if more:
        rows.append(more)
    rows.append([voice.button(_("➕ New category"), Action.CATEGORY_ADD)])
    rows.append([voice.button(_("« Back"), Action.OPERATOR_HOME)])
    return Screen("\n".join(lines), rows)


def category_page(voice: Voice, category: CategoryNames) -> Screen:
    """One category: its code and its name in each language (stored, or the translation catalogs')."""
    _ = voice._
    lines = [_("🏷 Category {code}").format(code=category.code), ""]
    for locale in SUPPORTED_LOCALES:
        stored = category.stored.get(locale)
        shown = stored or _("(the translations' name)")
        lines.append(f"{LANGUAGE_NAMES[locale]}: {shown}")
    rows = [[voice.button(_("✏️ {language}").format(language=LANGUAGE_NAMES[locale]), Action.CATEGORY_RENAME,
                          category.code, locale)] for locale in SUPPORTED_LOCALES]
    rows.append([voice.button(_("« Categories"), Action.CATEGORY_LIST, 0)])
    return Screen("\n".join(lines), rows)


def ask_name(voice: Voice, code: str, locale: str, *, new: bool = False) -> Screen:
    """Ask one language's name; « leads back to the category (or, while it is being made, to the list)."""
    back = voice.button(voice._("« Back"), Action.CATEGORY_LIST, 0) if new else voice.button(
        voice._("« Back"), Action.CATEGORY_PAGE, code)
    return Screen(voice._("Write the name of the category {code} in {language}.").format(
        code=code, language=LANGUAGE_NAMES[locale]), [[back]])


def ask_code(voice: Voice) -> Screen:
    return Screen(voice._("Write the new category's code: 2 to 32 lowercase letters, digits or _, like semillas. "
                          "It stays in links and filters for good."),
                  [[voice.button(voice._("« Back"), Action.CATEGORY_LIST, 0)]])


def added(voice: Voice, category: CategoryNames) -> Screen:
    return Screen(voice._("✅ The category «{name}» is in the catalog now: producers can put new products in it.")
                  .format(name=voice.category(category.code, category.stored)),
                  [[voice.button(voice._("« Categories"), Action.CATEGORY_LIST, 0)]])
