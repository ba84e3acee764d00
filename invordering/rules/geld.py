"""Money helpers: every amount is a ``Decimal`` exact to the cent.

Floats are refused outright: a float such as ``0.1`` is not the decimal 0.1, and one
silently rounded cent in a vordering is a cent the burger cannot explain.
"""

from collections.abc import Iterable
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
NUL = Decimal("0.00")
_EURO = Decimal("1")


def als_decimal(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a ``Decimal`` without any rounding.

    Precondition: ``value`` is a ``Decimal``, an ``int`` or a numeric ``str``.
    A ``float`` (or ``bool``) raises ``TypeError``; a non-numeric string raises ``ValueError``.
    Example: ``als_decimal("12.345") == Decimal("12.345")``.
    """
    # bool is a subclass of int; True euro is never what the caller meant.
    if isinstance(value, float | bool):
        raise TypeError(f"money must not be a {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {value!r}") from exc
    raise TypeError(f"money must be Decimal, int or str, not {type(value).__name__}")


def cent(value: Decimal | int | str) -> Decimal:
    """Round to whole cents, halves away from zero (the usual commercial rounding).

    Example: ``cent(Decimal("156.805")) == Decimal("156.81")``; ``cent(7) == Decimal("7.00")``.
    """
    return als_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def floor_cent(value: Decimal | int | str) -> Decimal:
    """Round down (towards minus infinity) to whole cents.

    Used where rounding up would ask the burger for more than the exact share, such as
    the base termijn of a regeling. Example: ``floor_cent(Decimal("41.6666")) == Decimal("41.66")``.
    """
    return als_decimal(value).quantize(CENT, rounding=ROUND_FLOOR)


def floor_euro(value: Decimal | int | str) -> Decimal:
    """Round down to whole euros, keeping two decimals.

    Example: ``floor_euro(Decimal("395.04")) == Decimal("395.00")``.
    """
    return als_decimal(value).quantize(_EURO, rounding=ROUND_FLOOR).quantize(CENT)


def som(bedragen: Iterable[Decimal | int | str]) -> Decimal:
    """Sum amounts exactly, then express the total in cents; ``NUL`` for nothing.

    Precondition: every item is accepted by ``als_decimal`` (no floats).
    Example: ``som([Decimal("0.10"), Decimal("0.20")]) == Decimal("0.30")``.
    """
    totaal = NUL
    for bedrag in bedragen:
        totaal += als_decimal(bedrag)
    return cent(totaal)
