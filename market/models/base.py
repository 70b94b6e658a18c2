"""Field helpers shared by the models: money, quantities, currencies, timestamps."""

from tortoise import fields

from market import clock


def money(**kwargs):
    """An amount of money in its currency's units: Decimal, never float."""
    return fields.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def unit_price(**kwargs):
    """A price per unit; four places so that a price per gram or per quintal converts without loss."""
    return fields.DecimalField(max_digits=14, decimal_places=4, **kwargs)


def quantity(**kwargs):
    """A quantity in some unit (kg, dozen, sack); thousandths keep 0,5 kg and 250 g exact."""
    return fields.DecimalField(max_digits=14, decimal_places=3, **kwargs)


def rate(**kwargs):
    """A share such as a solidarity-fund rate: 0.0500 is 5 %."""
    return fields.DecimalField(max_digits=6, decimal_places=4, **kwargs)


def currency(**kwargs):
    """An ISO 4217 code: BOB, MXN, BRL."""
    return fields.CharField(max_length=3, **kwargs)


def unit_code(**kwargs):
    """A canonical unit code: kg, g, lb, t, quintal, arroba, l, ml, unit, dozen, bunch, bag, sack, box, jar, bottle."""
    return fields.CharField(max_length=16, **kwargs)


class StampField(fields.DatetimeField):
    """A datetime stamped on save, like tortoise's auto_now(_add), but read from Feria's one clock.

    Tortoise stamps from the wall clock; a test or demo that sets market.clock must see rows
    created "today" by that clock. The field describes itself as tortoise's own, so migrations
    are unchanged. A queryset `.update()` stamps nothing, as in tortoise: pass the time yourself.
    """

    def to_db_value(self, value, instance):
        if hasattr(instance, "_saved_in_db") and (
            self.auto_now or (self.auto_now_add and getattr(instance, self.model_field_name) is None)
        ):
            stamp = clock.now()
            setattr(instance, self.model_field_name, stamp)
            return stamp
        return super().to_db_value(value, instance)

    # Migrations see tortoise's own DatetimeField: the column is the same.
    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return f"{fields.DatetimeField.__module__}.{fields.DatetimeField.__name__}", args, kwargs

    def describe(self, serializable: bool) -> dict:
        return {**super().describe(serializable), "field_type": "DatetimeField" if serializable else fields.DatetimeField}


def created_at():
    return StampField(auto_now_add=True)


def updated_at():
    return StampField(auto_now=True)
