"""A person's alerts: the list with its buttons, the questions of adding one, the quiet settings, and the alerts sent."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Voice, translator
from market.enums import SubscriptionKind
from market.presentation.fair_text import fair_when
from market.services.alerts.notices import OfferAlertLine, PriceAlert, SealAlert
from market.services.alerts.subscriptions import MUTE_HOURS, AlertSettings, SubscriptionView
from market.services.catalog.categories import CategoryNames
from market.services.prices.fairs import FairView

# The kinds a person adds from the list, with the code their buttons carry.
KIND_CODES = {"s": SubscriptionKind.NEW_STOCK, "c": SubscriptionKind.NEW_STOCK, "p": SubscriptionKind.PRICE_BELOW,
              "f": SubscriptionKind.FAIR_EVENT}
QUIET_CHOICES = ((21, 7), (22, 6))
ANYWHERE = "0"


def _describe(voice: Voice, sub: SubscriptionView) -> str:
    _ = voice._
    where = sub.territory_name or _("anywhere")
    if sub.kind == SubscriptionKind.PRICE_BELOW:
        # A price alert always has its threshold and currency (services.alerts checks them when adding it).
        assert sub.threshold is not None and sub.currency is not None
        price = voice.money(sub.threshold, sub.currency)
        if sub.unit:
            price = voice.per_unit(sub.threshold, sub.currency, sub.unit)
        return _("💲 {product} below {price} ({place})").format(product=sub.product, price=price, place=where)
    if sub.kind == SubscriptionKind.FAIR_EVENT:
        return _("🎪 Ferias ({place})").format(place=where)
    what = sub.product if sub.product else voice.category(sub.category_code or "", sub.category_names)
    return _("📦 New stock of {product} ({place})").format(product=what, place=where)


def _quiet_state(voice: Voice, settings: AlertSettings) -> list[str]:
    _ = voice._
    lines = []
    if settings.muted_forever:
        lines.append(_("🔕 Alerts are muted until you unmute them; they wait for you."))
    elif settings.muted_until is not None:
        lines.append(_("🔕 Alerts are muted until {when}; they wait for you.").format(
            when=voice.moment(settings.muted_until, settings.time_zone)))
    if settings.quiet_from is not None and settings.quiet_until is not None:  # set together
        lines.append(_("🌙 Quiet hours: {start} to {end}.").format(
            start=settings.quiet_from.strftime("%H:%M"), end=settings.quiet_until.strftime("%H:%M")))
    return lines


def alert_list(voice: Voice, subscriptions: tuple[SubscriptionView, ...], settings: AlertSettings,
               note: str | None = None) -> Screen:
    _ = voice._
    lines = [note, ""] if note else []
    lines.append(_("🔔 Your alerts"))
    if not subscriptions:
        lines.append(_("You have no alerts yet. Choose what you want to hear about:"))
    rows = []
    for sub in subscriptions:
        lines.append(f"• {_describe(voice, sub)}")
        rows.append([voice.button(f"❌ {_describe(voice, sub)}"[:60], Action.ALERT_REMOVE, sub.id)])
    lines += _quiet_state(voice, settings)
    rows += [
        [voice.button(_("➕ A product in stock"), Action.ALERT_ADD, "s"),
         voice.button(_("➕ A category"), Action.ALERT_ADD, "c")],
        [voice.button(_("➕ A price below…"), Action.ALERT_ADD, "p"),
         voice.button(_("➕ Ferias"), Action.ALERT_ADD, "f")],
        [voice.button(_("🔕 Mute / quiet hours"), Action.ALERT_QUIET_OPTIONS)],
        back_to_menu(voice),
    ]
    return Screen("\n".join(lines), rows)


def ask_product(voice: Voice) -> Screen:
    return Screen(voice._("Which product? Write its name, like tomate or quinua."))


def ask_threshold(voice: Voice, product: str) -> Screen:
    return Screen(voice._("Below what price of {product}? Write the amount, like 8,50.").format(product=product))


def choose_category(voice: Voice, categories: tuple[CategoryNames, ...]) -> Screen:
    rows = [[voice.button(voice.category(c.code, c.stored), Action.ALERT_CATEGORY, c.id)] for c in categories]
    rows.append([voice.button(voice._("« Back"), Action.ALERTS)])
    return Screen(voice._("Which kind of product?"), rows)


def choose_territory(voice: Voice, territories: tuple[tuple[int, str], ...], *, anywhere: bool) -> Screen:
    """Where to look: the person's place first, then the places containing it."""
    rows = [[voice.button(name, Action.ALERT_TERRITORY, tid)] for tid, name in territories]
    if anywhere:
        rows.append([voice.button(voice._("Anywhere"), Action.ALERT_TERRITORY, ANYWHERE)])
    rows.append([voice.button(voice._("« Back"), Action.ALERTS)])
    return Screen(voice._("Where?"), rows)


def quiet_options(voice: Voice, settings: AlertSettings) -> Screen:
    _ = voice._
    lines = [_("Mute alerts for a while, or set quiet hours: alerts wait and arrive afterwards."), *_quiet_state(voice, settings)]
    rows = [[voice.button(voice.ngettext("{n} hour", "{n} hours", h).format(n=h), Action.ALERT_MUTE, h) for h in MUTE_HOURS],
            [voice.button(_("Until I unmute"), Action.ALERT_MUTE, "0"),
             voice.button(_("🔔 Unmute"), Action.ALERT_MUTE, "u")],
            [voice.button(f"🌙 {a:02d}:00–{b:02d}:00", Action.ALERT_QUIET_HOURS, a, b) for a, b in QUIET_CHOICES]
            + [voice.button(_("No quiet hours"), Action.ALERT_QUIET_HOURS, "n")],
            [voice.button(_("« My alerts"), Action.ALERTS)]]
    return Screen("\n".join(lines), rows)


def stock_alert(voice: Voice, lines: tuple[OfferAlertLine, ...]) -> Screen:
    """Every matching line of one change in one message, each a button away from its product card."""
    _ = voice._
    text = [_("🔔 For your alerts:")]
    rows = []
    for line in lines:
        entry = _("• {product} — {organization}: {quantity} · {price}").format(
            product=line.product_name, organization=line.organization_name,
            quantity=voice.quantity(line.stock, line.unit),
            price=voice.per_unit(line.price, line.currency, line.unit, line.country_code))
        if line.below is not None:
            entry += " " + _("(below {price})").format(price=voice.money(line.below, line.currency, line.country_code))
        text.append(entry)
        rows.append([voice.button(line.product_name, Action.PRODUCT, line.product_id)])
    rows.append([voice.button(_("🔔 My alerts"), Action.ALERTS)])
    return Screen("\n".join(text), rows)


def price_alert(voice: Voice, alert: PriceAlert) -> Screen:
    return Screen(voice._("💲 {product} was seen at {price} in {place}, below your {threshold}.").format(
        product=alert.product_name, price=voice.per_unit(alert.price, alert.currency, alert.unit, alert.country_code),
        place=alert.territory_name, threshold=voice.money(alert.threshold, alert.currency, alert.country_code)),
        [[voice.button(voice._("🔔 My alerts"), Action.ALERTS)]])


def fair_alert(voice: Voice, fair: FairView) -> Screen:
    _ = voice._
    lines = [_("🎪 {title}, by {announcer}").format(title=fair.title, announcer=fair.announced_by),
             _("📅 {when}").format(when=fair_when(translator(voice.locale, fair.country_code), fair.starts_at,
                                                 fair.ends_at, fair.time_zone)),
             _("📍 {place} ({territory})").format(place=fair.place, territory=fair.territory_name)]
    if fair.participants:
        lines.append(_("With: {participants}").format(participants=fair.participants))
    return Screen("\n".join(lines), [[voice.button(_("🔔 My alerts"), Action.ALERTS)]])


def seal_alert(voice: Voice, alert: SealAlert) -> Screen:
    return Screen(voice._("🏅 The seal {code} of {organization} ({network}) is valid until {day}. Ask the network "
                          "for its renewal visit in time.").format(
        code=alert.code, organization=alert.organization_name, network=alert.network_name,
        day=voice.date(alert.valid_until)))

