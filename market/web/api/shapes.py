"""The JSON shapes of the API, built from the services' values: money as a decimal string with its
currency, quantities as decimal strings, dates and moments in ISO 8601, codes rather than labels
(except category names, which are translated)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import get_currency_precision

from market.presentation.i18n import Translator
from market.services.catalog.badges import SealBadge
from market.services.catalog.browse import CategorySummary
from market.services.catalog.card import FairPriceView, OfferView, ProductCard
from market.services.catalog.directory import NetworkSummary, OrganizationSummary, TerritoryEntry
from market.services.catalog.organization_page import OrganizationProfile
from market.services.catalog.products import ProductSummary
from market.services.organizations.board_views import Board
from market.services.organizations.refs import OrganizationRef
from market.services.prices.summaries import LevelPrice, PriceSeries
from market.services.seals.history import SealHistory
from market.services.seals.verification import SealVerification

Json = dict[str, Any]


def money(amount: Decimal, currency: str) -> Json:
    """{"amount": "95.00", "currency": "BOB"}: as many decimals as the currency has (PYG none)."""
    exponent = Decimal(1).scaleb(-get_currency_precision(currency))
    return {"amount": str(amount.quantize(exponent, rounding=ROUND_HALF_UP)), "currency": currency}


def decimal(value: Decimal) -> str:
    """A quantity or rate without trailing zeros or exponent: Decimal("40.000") is "40"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def territory_ref(code: str, name: str, country_code: str) -> Json:
    return {"code": code, "name": name, "country_code": country_code}


def category(code: str, t: Translator, stored: Mapping[str, str] | None = None) -> Json:
    """A category's code and its name in the asked language (an operator's stored name, else the catalogs')."""
    return {"code": code, "name": t.category(code, stored)}


def organization_ref(org: OrganizationRef) -> Json:
    return {
        "slug": org.slug, "name": org.name, "legal_form": org.legal_form,
        "territory": territory_ref(org.territory_code, org.territory_name, org.country_code),
    }


def territory_entry(t: TerritoryEntry) -> Json:
    return {
        "code": t.code, "name": t.name, "level": t.level, "parent_code": t.parent_code,
        "country_code": t.country_code, "currency": t.currency, "time_zone": t.time_zone,
    }


def category_summary(c: CategorySummary, t: Translator) -> Json:
    return {**category(c.code, t, c.names), "product_count": c.product_count}


def network_summary(n: NetworkSummary) -> Json:
    return {
        "slug": n.slug, "name": n.name, "description": n.description,
        "territory": territory_ref(n.territory_code, n.territory_name, n.country_code),
        "reviewer_count": n.reviewer_count, "valid_seal_count": n.seals_valid_today,
    }


def product_summary(p: ProductSummary, t: Translator) -> Json:
    offer = None
    if p.offer_id is not None and p.price is not None and p.currency is not None and p.stock is not None:
        offer = {"id": p.offer_id, "price": money(p.price, p.currency), "stock": decimal(p.stock)}
    return {
        "id": p.id, "name": p.name, "unit": p.unit, "category": category(p.category_code, t, p.category_names),
        "organization": {"slug": p.organization_slug, "name": p.organization_name},
        "territory": territory_ref(p.territory_code, p.territory_name, p.country_code),
        "offer": offer, "sealed": p.sealed,
    }


def offer(o: OfferView) -> Json:
    return {
        "id": o.id, "price": money(o.price, o.currency), "stock": decimal(o.stock), "unit": o.unit,
        "order_unit_quantity": decimal(o.order_unit_quantity), "pack_size": o.pack_size,
        "valid_until": moment(o.valid_until),
    }


def fair_price(f: FairPriceView) -> Json:
    return {
        "price": money(f.amount, f.currency), "unit": f.unit,
        "territory": {"code": f.territory_code, "name": f.territory_name},
        "producer_share": money(f.producer_share, f.currency), "transport": money(f.transport, f.currency),
        "solidarity_fund": money(f.solidarity_fund, f.currency), "other_costs": money(f.other_costs, f.currency),
        "valid_from": day(f.valid_from), "valid_until": day(f.valid_until),
        "declared_by": {"organization": f.organization_name, "network": f.network_name},
    }


def product_card(card: ProductCard, t: Translator) -> Json:
    return {
        "id": card.id, "name": card.name, "description": card.description, "unit": card.unit,
        "category": category(card.category_code, t, card.category_names), "organization": organization_ref(card.organization),
        "offer": offer(card.offer) if card.offer else None,
        "seals": [seal_badge(s) for s in card.seals],
        "fair_price": fair_price(card.fair_price) if card.fair_price else None,
    }


def seal_badge(b: SealBadge) -> Json:
    return {
        "code": b.code, "status": b.status.value, "valid_today": b.valid_today,
        "valid_from": day(b.valid_from), "valid_until": day(b.valid_until), "status_reason": b.status_reason,
        "network": {"slug": b.network_slug, "name": b.network_name},
    }


def seal_verification(v: SealVerification) -> Json:
    reviewers = v.last_review_reviewers
    return {
        "code": v.code, "status": v.status.value, "valid_today": v.valid_today, "status_reason": v.status_reason,
        "network": {"slug": v.network_slug, "name": v.network_name},
        "organization": organization_ref(v.organization),
        "scope": [{"id": p.id, "name": p.name, "unit": p.unit, "active": p.active} for p in v.scope],
        "valid_from": day(v.valid_from), "valid_until": day(v.valid_until),
        "last_review": None if v.last_review_on is None else {
            "visited_on": day(v.last_review_on),
            "reviewers": None if reviewers is None else {
                "producer": reviewers.producer, "consumer": reviewers.consumer, "technician": reviewers.technician,
            },
        },
        **seal_history(v.history),
    }


def seal_history(h: SealHistory) -> Json:
    """The visits that granted or renewed the seal and its events, newest first: only what the network publishes."""
    return {
        "visits": [{
            "date": day(v.visited_on), "decision": v.decision.value, "decided_on": day(v.decided_on),
            "checklist_version": v.checklist_version, "norms_verified": v.norms_verified,
            "norms_not_applicable": v.norms_not_applicable, "norms_not_met": v.norms_not_met,
            "signers": [{
                "role": s.role.value,
                "organization": {"slug": s.organization.slug, "name": s.organization.name} if s.organization else None,
                "name": s.name,
            } for s in v.signers],
            "conditions": [{
                "text": c.text, "due_on": day(c.due_on), "met_on": day(c.met_on), "status": c.status.value,
            } for c in v.conditions],
        } for v in h.visits],
        "events": [{"kind": e.kind.value, "at": moment(e.at), "reason": e.reason} for e in h.events],
    }


def organization_summary(o: OrganizationSummary) -> Json:
    return {
        "slug": o.slug, "name": o.name, "legal_form": o.legal_form, "maturity": o.maturity,
        "territory": territory_ref(o.territory_code, o.territory_name, o.country_code),
        "product_count": o.product_count,
    }


def organization_profile(p: OrganizationProfile, products: Json) -> Json:
    """The profile; `products` is its first page of products, already shaped with its links."""
    return {
        "slug": p.slug, "name": p.name, "description": p.description, "legal_form": p.legal_form,
        "maturity": p.maturity, "territory": territory_ref(p.territory_code, p.territory_name, p.country_code),
        "producer_count": p.producer_count, "solidarity_fund_rate": decimal(p.solidarity_fund_rate),
        "pickup_point": p.pickup_point, "pickup_points": list(p.pickup_points),
        "product_count": p.product_count, "products": products,
        "current_seals": [seal_badge(b) for b in p.current_seals],
        "other_seals": [seal_badge(b) for b in p.other_seals],
        "board": board(p.board),
        "maturity_reasons": {"met": [c.value for c in p.maturity_view.met],
                             "raise_by": [c.value for c in p.maturity_view.raise_by]},
    }


def board(b: Board) -> Json:
    """Who sits on the board and in which seat, when it was renewed, and where its term is."""
    return {
        "members": [{"name": seat.name, "role": seat.role.value, "since": day(seat.since)} for seat in b.seats],
        "renewed_on": day(b.renewed_on), "term_months": b.term_months, "term_ends_on": day(b.ends_on),
        "term_state": None if b.state is None else b.state.value,
    }


def price_series(series: PriceSeries, territory_code: str) -> Json:
    """The summary (every price per `unit`, in `currency`) and each market level's daily medians."""
    s, currency = series.summary, series.summary.currency
    fair = s.fair_price

    def price(amount: Decimal | None) -> Json | None:
        return None if amount is None else money(amount, currency)

    return {
        "product": {"name": s.product_name, "search_key": s.search_key},
        "territory": territory_ref(territory_code, s.territory_name, s.country_code),
        "currency": currency, "unit": s.base_unit,
        "levels": [_level_price(level, price) for level in s.levels],
        "fair_price": None if fair is None else {
            "price": money(fair.price, currency), "producer_share": money(fair.producer_share, currency),
            "transport": money(fair.transport, currency), "solidarity_fund": money(fair.solidarity_fund, currency),
            "other_costs": money(fair.other_costs, currency), "declared_by": fair.declared_by,
            "valid_from": day(fair.valid_from),
        },
        "offers": None if s.offers is None else {
            "min": money(s.offers[0], currency), "max": money(s.offers[1], currency), "count": s.offers[2],
        },
        "series": {
            "days": series.days,
            **{level.value: [{"day": day(p.day), "price": money(p.price, currency)} for p in points]
               for level, points in series.points.items()},
        },
    }


def _level_price(level: LevelPrice, price: Callable[[Decimal | None], Json | None]) -> Json:
    return {
        "level": level.level.value, "median": price(level.median), "observations": level.observations,
        "left_out": level.left_out,
        "previous_median": price(level.previous_median),
        "trend": None if level.trend is None else decimal(level.trend),
    }
