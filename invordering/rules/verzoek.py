"""Status machine of a verzoek (PBT, invorderingspauze, bundeling).

A verzoek in one of the ``OPEN_STATUSSEN`` is pending: while it is, escalation of the
vorderingen it concerns waits (guard "verzoek_in_behandeling").
"""

STATUSSEN: tuple[str, ...] = (
    "concept",
    "ingediend",
    "in_behandeling",
    "info_gevraagd",
    "toegekend",
    "afgewezen",
    "ingetrokken",
)
OPEN_STATUSSEN = frozenset({"ingediend", "in_behandeling", "info_gevraagd"})
EINDSTATUSSEN = frozenset({"toegekend", "afgewezen", "ingetrokken"})
ACTIES: tuple[str, ...] = (
    "indienen",
    "in_behandeling_nemen",
    "info_vragen",
    "info_aanvullen",
    "toekennen",
    "afwijzen",
    "intrekken",
)


def _regels(actie: str, van: tuple[str, ...], naar: str) -> dict[tuple[str, str], str]:
    return {(status, actie): naar for status in van}


OVERGANGEN: dict[tuple[str, str], str] = {
    **_regels("indienen", ("concept",), "ingediend"),
    **_regels("in_behandeling_nemen", ("ingediend",), "in_behandeling"),
    **_regels("info_vragen", ("ingediend", "in_behandeling"), "info_gevraagd"),
    **_regels("info_aanvullen", ("info_gevraagd",), "in_behandeling"),
    **_regels("toekennen", ("ingediend", "in_behandeling"), "toegekend"),
    # A verzoek waiting for information can be refused when the answer never comes.
    **_regels("afwijzen", ("ingediend", "in_behandeling", "info_gevraagd"), "afgewezen"),
    # The burger may withdraw until staff have decided.
    **_regels(
        "intrekken", ("concept", "ingediend", "in_behandeling", "info_gevraagd"), "ingetrokken"
    ),
}


class OngeldigeOvergang(ValueError):
    """The action is not allowed in the current status (or one of them is unknown)."""


def volgende_status(status: str, actie: str) -> str:
    """Return the status after ``actie``; raise ``OngeldigeOvergang`` when not allowed.

    Example: ``volgende_status("ingediend", "toekennen") == "toegekend"``;
    ``volgende_status("toegekend", "intrekken")`` raises.
    """
    try:
        return OVERGANGEN[(status, actie)]
    except KeyError:
        raise OngeldigeOvergang(f"{actie!r} is not allowed in status {status!r}") from None


def mogelijke_acties(status: str) -> tuple[str, ...]:
    """The actions allowed in ``status``, in the order of ``ACTIES``.

    Precondition: ``status`` is one of ``STATUSSEN`` (ValueError otherwise).
    Example: ``mogelijke_acties("info_gevraagd") == ("info_aanvullen", "afwijzen", "intrekken")``.
    """
    if status not in STATUSSEN:
        raise ValueError(f"unknown status {status!r}")
    return tuple(actie for actie in ACTIES if (status, actie) in OVERGANGEN)
