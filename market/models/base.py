"""Field helpers shared by the models: money, quantities, currencies, timestamps."""

from tortoise import fields


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


def created_at():
    return fields.DatetimeField(auto_now_add=True)


def updated_at():
    return fields.DatetimeField(auto_now=True)
