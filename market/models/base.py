"""Field helpers shared by the models: money, quantities, currencies, timestamps."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

from tortoise import fields
from tortoise.fields.data import DatetimeFieldQueryValueType as QueryValue

from market import clock

if TYPE_CHECKING:
    from tortoise.models import Model

# Each helper is typed as the field it makes, as tortoise types its own: the value a Decimal or a str, optional only
# with null=True (a model's attribute reads as Decimal, not Any).


@overload
def money(*, null: Literal[False] = False, **kwargs: Any) -> fields.DecimalField[Decimal]: ...


@overload
def money(*, null: Literal[True], **kwargs: Any) -> fields.DecimalField[Decimal | None]: ...


def money(**kwargs: Any) -> fields.DecimalField[Any]:
    """An amount of money in its currency's units: Decimal, never float."""
    return fields.DecimalField(max_digits=14, decimal_places=2, **kwargs)


@overload
def unit_price(*, null: Literal[False] = False, **kwargs: Any) -> fields.DecimalField[Decimal]: ...


@overload
def unit_price(*, null: Literal[True], **kwargs: Any) -> fields.DecimalField[Decimal | None]: ...


def unit_price(**kwargs: Any) -> fields.DecimalField[Any]:
    """A price per unit; four places so that a price per gram or per quintal converts without loss."""
    return fields.DecimalField(max_digits=14, decimal_places=4, **kwargs)


@overload
def quantity(*, null: Literal[False] = False, **kwargs: Any) -> fields.DecimalField[Decimal]: ...


@overload
def quantity(*, null: Literal[True], **kwargs: Any) -> fields.DecimalField[Decimal | None]: ...


def quantity(**kwargs: Any) -> fields.DecimalField[Any]:
    """A quantity in some unit (kg, dozen, sack); thousandths keep 0,5 kg and 250 g exact."""
    return fields.DecimalField(max_digits=14, decimal_places=3, **kwargs)


@overload
def rate(*, null: Literal[False] = False, **kwargs: Any) -> fields.DecimalField[Decimal]: ...


@overload
def rate(*, null: Literal[True], **kwargs: Any) -> fields.DecimalField[Decimal | None]: ...


def rate(**kwargs: Any) -> fields.DecimalField[Any]:
    """A share such as a solidarity-fund rate: 0.0500 is 5 %."""
    return fields.DecimalField(max_digits=6, decimal_places=4, **kwargs)


@overload
def currency(*, null: Literal[False] = False, **kwargs: Any) -> fields.CharField[str]: ...


@overload
def currency(*, null: Literal[True], **kwargs: Any) -> fields.CharField[str | None]: ...


def currency(**kwargs: Any) -> fields.CharField[Any]:
    """An ISO 4217 code: BOB, MXN, BRL."""
    return fields.CharField(max_length=3, **kwargs)


@overload
def unit_code(*, null: Literal[False] = False, **kwargs: Any) -> fields.CharField[str]: ...


@overload
def unit_code(*, null: Literal[True], **kwargs: Any) -> fields.CharField[str | None]: ...


def unit_code(**kwargs: Any) -> fields.CharField[Any]:
    """A canonical unit code: kg, g, lb, t, quintal, arroba, l, ml, unit, dozen, bunch, bag, sack, box, jar, bottle."""
    return fields.CharField(max_length=16, **kwargs)


class StampField(fields.DatetimeField[datetime]):
    """A datetime stamped on save, like tortoise's auto_now(_add), but read from Feria's one clock.

    Tortoise stamps from the wall clock; a test or demo that sets market.clock must see rows
    created "today" by that clock. The field describes itself as tortoise's own, so migrations
    are unchanged. A queryset `.update()` stamps nothing, as in tortoise: pass the time yourself.
    """

    def to_db_value(self, value: QueryValue | None, instance: type[Model] | Model) -> QueryValue | None:
        if hasattr(instance, "_saved_in_db") and (
            self.auto_now or (self.auto_now_add and getattr(instance, self.model_field_name) is None)
        ):
            stamp = clock.now()
            setattr(instance, self.model_field_name, stamp)
            # The stamp stands for whatever value came (a datetime on a save), as in tortoise's own to_db_value:
            # the signature, tortoise's, ties the answer's type to the value's.
            return stamp  # type: ignore[return-value]
        return super().to_db_value(value, instance)

    # Migrations see tortoise's own DatetimeField: the column is the same.
    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        _, args, kwargs = super().deconstruct()
        return f"{fields.DatetimeField.__module__}.{fields.DatetimeField.__name__}", args, kwargs

    def describe(self, serializable: bool) -> dict[str, Any]:
        return {**super().describe(serializable), "field_type": "DatetimeField" if serializable else fields.DatetimeField}


def created_at() -> StampField:
    return StampField(auto_now_add=True)


def updated_at() -> StampField:
    return StampField(auto_now=True)
