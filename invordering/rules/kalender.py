"""Calendar helpers: month arithmetic, Dutch public holidays and working days.

Every date is an argument; nothing here reads the clock.
"""

import calendar
from datetime import date, timedelta
from functools import lru_cache


def plus_maanden(d: date, n: int) -> date:
    """Return the same day ``n`` months later (or earlier for negative ``n``).

    A day that does not exist in the target month is clamped to its last day, so a
    termijn due on the 31st falls on the last day of a short month.
    Example: ``plus_maanden(date(2024, 1, 31), 1) == date(2024, 2, 29)``.
    """
    maandindex = d.year * 12 + (d.month - 1) + n
    jaar, maand0 = divmod(maandindex, 12)
    laatste_dag = calendar.monthrange(jaar, maand0 + 1)[1]
    return date(jaar, maand0 + 1, min(d.day, laatste_dag))


def eerste_van_maand(d: date) -> date:
    """Return the first day of ``d``'s month. Example: 2025-03-17 -> 2025-03-01."""
    return d.replace(day=1)


def pasen(jaar: int) -> date:
    """Return Eerste Paasdag by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

    Example: ``pasen(2025) == date(2025, 4, 20)``.
    """
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekdag_correctie = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekdag_correctie) // 451
    maand, dag = divmod(h + weekdag_correctie - 7 * m + 114, 31)
    return date(jaar, maand, dag + 1)


def _koningsdag(jaar: int) -> date:
    # Koningsdag moves to the Saturday before when 27 April is a Sunday (rule since 2014).
    dag = date(jaar, 4, 27)
    return dag - timedelta(days=1) if dag.weekday() == calendar.SUNDAY else dag


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> frozenset[date]:
    """Return the general Dutch public holidays of ``jaar``.

    Goede Vrijdag is left out (it is not a general day off), and Bevrijdingsdag counts
    only in lustrum years, as in most collective agreements.
    Example: 2025 holds 2025-04-20/21 (Pasen), 2025-04-26 (Koningsdag, 27 April is a
    Sunday), 2025-05-05 (lustrum), 2025-05-29 (Hemelvaart) and 2025-06-08/09 (Pinksteren);
    2026 does not hold 2026-05-05.
    """
    paasdag = pasen(jaar)
    dagen = {
        date(jaar, 1, 1),
        paasdag,
        paasdag + timedelta(days=1),
        _koningsdag(jaar),
        paasdag + timedelta(days=39),
        paasdag + timedelta(days=49),
        paasdag + timedelta(days=50),
        date(jaar, 12, 25),
        date(jaar, 12, 26),
    }
    if jaar % 5 == 0:
        dagen.add(date(jaar, 5, 5))
    return frozenset(dagen)


def is_werkdag(d: date) -> bool:
    """True for Monday to Friday outside the public holidays. Example: 2025-05-29 -> False."""
    return d.weekday() < calendar.SATURDAY and d not in feestdagen(d.year)


def werkdagen_later(d: date, n: int) -> date:
    """Return the ``n``-th working day after ``d``.

    Precondition: ``n >= 0``. For ``n == 0`` it is ``d`` itself when that is a working
    day, otherwise the next working day.
    Example: Friday 2025-05-02 plus 1 working day is Tuesday 2025-05-06 (Bevrijdingsdag
    2025 is a lustrum holiday); Wednesday 2025-05-28 plus 1 is Friday 2025-05-30 (Hemelvaart).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    dag = d
    while not is_werkdag(dag):
        dag += timedelta(days=1)
    if dag != d:
        # ``d`` was no working day, so the first working day after it already counts.
        n -= 1
    while n > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            n -= 1
    return dag
