"""A product's prices around the person: market medians and their trend, the fair price, the catalog's offers."""

from __future__ import annotations

from decimal import Decimal

from bot.turn import Screen, Voice, translator
from market.presentation.price_text import LEVEL_LABELS, left_out, product_title, trend
from market.services.prices.summaries import LevelPrice, PriceSummary

EXAMPLE = "tomate"


def ask_product(voice: Voice) -> Screen:
    """/precio alone (from the command menu): which product; the next message names it."""
    return Screen(voice._("Prices of which product? Write its name, like {example}.").format(example=EXAMPLE))


def unknown_product(voice: Voice, words: str) -> Screen:
    return Screen(voice._("We have no prices for “{product}” yet. Try another name, like {example}.").format(
        product=words, example=EXAMPLE))


def summary(voice: Voice, prices: PriceSummary) -> Screen:
    """The summary, every price per base unit in the territory's currency:

        📊 Tomate in Comarapa
        Medians of the last 14 days (change against the 14 days that ended 30 days ago):
        • Local market: Bs6,20 per kg (+5%)
          1 producer price left out: far from the market price
        • National market: no prices
        ⚖ Fair price: Bs6,00 per kg
        For the producer Bs4,50 · transport Bs0,70 · solidarity fund Bs0,40 · other costs Bs0,40
        Declared by Red SPG Bolivia, since 1 nov 2026.
        🛒 Catalog offers: from Bs7,50 to Bs9,00 per kg (3 offers)
    """
    _ = voice._
    lines = [
        _("📊 {product} in {territory}").format(product=product_title(prices.product_name), territory=prices.territory_name),
        _("Medians of the last 14 days (change against the 14 days that ended 30 days ago):"),
        *(line for level in prices.levels for line in _level_lines(voice, prices, level)),
    ]
    lines += _fair_lines(voice, prices)
    if prices.offers is not None:
        lines.append(_offers_line(voice, prices, prices.offers))
    return Screen("\n".join(lines))


def caption(voice: Voice, prices: PriceSummary, days: int) -> str:
    return voice._("📈 {product} in {territory}, the last {days} days").format(
        product=product_title(prices.product_name), territory=prices.territory_name, days=days)


def _per_unit(voice: Voice, prices: PriceSummary, amount: Decimal) -> str:
    return voice.per_unit(amount, prices.currency, prices.base_unit, prices.country_code)


def _level_lines(voice: Voice, prices: PriceSummary, level: LevelPrice) -> list[str]:
    """The level's median, and how many producer prices it left out when it did."""
    if not level.left_out:
        return [_level_line(voice, prices, level)]
    return [_level_line(voice, prices, level),
            "  " + left_out(level.left_out, translator(voice.locale, prices.country_code))]


def _level_line(voice: Voice, prices: PriceSummary, level: LevelPrice) -> str:
    _ = voice._
    name = _(LEVEL_LABELS[level.level])
    if level.median is None:
        return _("• {level}: no prices").format(level=name)
    price = _per_unit(voice, prices, level.median)
    if level.trend is None:
        return _("• {level}: {price}").format(level=name, price=price)
    change = trend(level.trend, translator(voice.locale, prices.country_code))
    return _("• {level}: {price} ({change})").format(level=name, price=price, change=change)


def _fair_lines(voice: Voice, prices: PriceSummary) -> list[str]:
    _ = voice._
    fair = prices.fair_price
    if fair is None:
        return [_("⚖ No fair price declared here yet.")]

    def money(amount: Decimal) -> str:
        return voice.money(amount, prices.currency, prices.country_code)

    return [
        _("⚖ Fair price: {price}").format(price=_per_unit(voice, prices, fair.price)),
        _("For the producer {producer} · transport {transport} · solidarity fund {fund} · other costs {other}").format(
            producer=money(fair.producer_share), transport=money(fair.transport), fund=money(fair.solidarity_fund),
            other=money(fair.other_costs)),
        _("Declared by {who}, since {date}.").format(who=fair.declared_by, date=voice.date(fair.valid_from)),
    ]


def _offers_line(voice: Voice, prices: PriceSummary, offers: tuple[Decimal, Decimal, int]) -> str:
    """The catalog's offers: their lowest and highest price per base unit, and how many there are."""
    _ = voice._
    low, high, count = offers
    counted = voice.ngettext("{count} offer", "{count} offers", count).format(count=count)
    if low == high:
        return _("🛒 Catalog offers: {price} ({offers})").format(price=_per_unit(voice, prices, low), offers=counted)
    return _("🛒 Catalog offers: from {low} to {high} ({offers})").format(
        low=voice.money(low, prices.currency, prices.country_code), high=_per_unit(voice, prices, high), offers=counted)
