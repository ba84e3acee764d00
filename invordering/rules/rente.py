"""Invorderingsrente: simple interest on an overdue amount (abolished on terugvorderingen
from 2026, still needed for earlier regimes, so the rate is always a parameter)."""

from datetime import date
from decimal import Decimal

from invordering.rules.geld import NUL, cent

_DAGEN_PER_JAAR = 365
_HONDERD = 100


def invorderingsrente(
    *, bedrag: Decimal, percentage_per_jaar: Decimal, van: date, tot: date
) -> Decimal:
    """Return bedrag x percentage/100 x days/365, rounded to the cent.

    Preconditions: ``bedrag >= 0`` and ``percentage_per_jaar >= 0``. Days count from
    ``van`` up to ``tot`` (``tot - van``); no time, or a rate of 0, gives 0.00. A year counts
    as 365 days, leap years included, so a day of delay costs the same in every year.
    Example: 1000.00 at 4% from 2025-01-01 to 2025-04-11 (100 days):
    1000.00 x 4 x 100 / 36500 = 10.9589... -> 10.96.
    """
    if bedrag < 0 or percentage_per_jaar < 0:
        raise ValueError("bedrag and percentage_per_jaar must be >= 0")
    dagen = (tot - van).days
    if percentage_per_jaar == 0 or dagen <= 0:
        return NUL
    # One division at the end keeps the intermediate result exact.
    return cent(bedrag * percentage_per_jaar * dagen / (_HONDERD * _DAGEN_PER_JAAR))
