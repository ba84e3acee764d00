from decimal import Decimal

from django.db import models


class BedragField(models.DecimalField):
    """An amount in euros, exact to the cent (up to €9,999,999,999.99)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_digits", 12), ("decimal_places", 2)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs


NUL = Decimal("0.00")
