"""Betalingscapaciteit for a persoonlijke betalingsregeling (DOMAIN.md section 4.1).

Prototype formula after Leidraad Invordering 2008 art. 79.8:

    inkomen    = netto maandinkomen + vakantiegeld per maand + overig inkomen
    aftrek     = woonlasten + zorgpremie + andere regelingen + alimentatie
    norm       = normpercentage of the bijstandsnorm for the leefsituatie
    ruimte     = max(0, inkomen - aftrek - norm)
    capaciteit = capaciteitspercentage of the ruimte, rounded down to whole euros

Every step is returned as a ``Stap`` so a page can explain the outcome line by line.
``Stap.bewerking`` reads: "+" adds to the subtotal, "-" subtracts from it, "=" states a
figure (a subtotal, or the looked-up bijstandsnorm), "%" takes ``percentage`` of the
figure in the step before it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Literal

from invordering.rules.geld import NUL, cent, floor_euro

Leefsituatie = Literal["alleenstaand", "alleenstaande_ouder", "samenwonend"]
LEEFSITUATIES: tuple[str, ...] = ("alleenstaand", "alleenstaande_ouder", "samenwonend")
_HONDERD = Decimal(100)
_MAANDEN_PER_JAAR = 12


@dataclass(frozen=True)
class CapaciteitInvoer:
    """What the burger states about income and costs; monthly amounts except vakantiegeld.

    Every amount must be a non-negative ``Decimal`` in whole cents; the error names the
    field so a form can point at it.
    """

    leefsituatie: Leefsituatie
    netto_inkomen: Decimal
    vakantiegeld_per_jaar: Decimal
    overig_inkomen: Decimal
    woonlasten: Decimal
    zorgpremie: Decimal
    andere_regelingen: Decimal
    alimentatie: Decimal

    def __post_init__(self) -> None:
        if self.leefsituatie not in LEEFSITUATIES:
            raise ValueError(f"leefsituatie: unknown value {self.leefsituatie!r}")
        for veld in fields(self):
            if veld.name == "leefsituatie":
                continue
            waarde = getattr(self, veld.name)
            if not isinstance(waarde, Decimal):
                raise TypeError(f"{veld.name}: must be a Decimal, not {type(waarde).__name__}")
            if waarde < 0:
                raise ValueError(f"{veld.name}: must not be negative ({waarde})")
            if waarde != cent(waarde):
                raise ValueError(f"{veld.name}: must be whole cents ({waarde})")


@dataclass(frozen=True)
class Stap:
    """One line of the calculation, in the order a person reads it."""

    code: str
    bedrag: Decimal
    bewerking: Literal["+", "-", "=", "%"]
    percentage: Decimal | None = None


@dataclass(frozen=True)
class Capaciteitberekening:
    inkomen: Decimal
    aftrek: Decimal
    norm: Decimal
    ruimte: Decimal
    capaciteit: Decimal
    stappen: tuple[Stap, ...]


def _eis_percentage(naam: str, waarde: Decimal, *, hoogstens_honderd: bool) -> None:
    if waarde < 0 or (hoogstens_honderd and waarde > _HONDERD):
        raise ValueError(f"{naam} outside the allowed range: {waarde}")


def _inkomen_stappen(invoer: CapaciteitInvoer) -> list[Stap]:
    # Vakantiegeld is paid once a year; spreading it over 12 months counts it as income
    # the burger really has each month.
    vakantiegeld = cent(invoer.vakantiegeld_per_jaar / _MAANDEN_PER_JAAR)
    inkomen = invoer.netto_inkomen + vakantiegeld + invoer.overig_inkomen
    return [
        Stap("netto_inkomen", invoer.netto_inkomen, "+"),
        Stap("vakantiegeld", vakantiegeld, "+"),
        Stap("overig_inkomen", invoer.overig_inkomen, "+"),
        Stap("inkomen", inkomen, "="),
    ]


def _aftrek_stappen(invoer: CapaciteitInvoer) -> list[Stap]:
    posten = ("woonlasten", "zorgpremie", "andere_regelingen", "alimentatie")
    stappen = [Stap(post, getattr(invoer, post), "-") for post in posten]
    aftrek = sum((stap.bedrag for stap in stappen), NUL)
    return [*stappen, Stap("aftrek", aftrek, "=")]


def betalingscapaciteit(
    invoer: CapaciteitInvoer,
    *,
    bijstandsnormen: Mapping[str, Decimal],
    normpercentage: Decimal,
    capaciteitspercentage: Decimal,
) -> Capaciteitberekening:
    """Compute the monthly betalingscapaciteit and every step that led to it.

    Preconditions: ``bijstandsnormen`` has an entry for ``invoer.leefsituatie``;
    ``normpercentage >= 0``; ``0 <= capaciteitspercentage <= 100``.
    Example (alleenstaand, 2025 norm 1345.56, 90% and 80%):
    inkomen 1960.00 + 1881.60/12 = 156.80 + 408.00 = 2524.80;
    aftrek 575.00 + 150.00 + 95.00 + 0.00 = 820.00;
    norm 90% of 1345.56 = 1211.004 -> 1211.00;
    ruimte 2524.80 - 820.00 - 1211.00 = 493.80;
    capaciteit 80% of 493.80 = 395.04 -> 395.00.
    """
    if invoer.leefsituatie not in bijstandsnormen:
        raise ValueError(f"no bijstandsnorm for leefsituatie {invoer.leefsituatie!r}")
    _eis_percentage("normpercentage", normpercentage, hoogstens_honderd=False)
    _eis_percentage("capaciteitspercentage", capaciteitspercentage, hoogstens_honderd=True)

    inkomen_stappen = _inkomen_stappen(invoer)
    aftrek_stappen = _aftrek_stappen(invoer)
    inkomen = inkomen_stappen[-1].bedrag
    aftrek = aftrek_stappen[-1].bedrag
    bijstandsnorm = bijstandsnormen[invoer.leefsituatie]
    norm = cent(bijstandsnorm * normpercentage / _HONDERD)
    # Costs above income never make a negative capacity: the floor is "nothing to spare".
    ruimte = max(NUL, inkomen - aftrek - norm)
    capaciteit = floor_euro(ruimte * capaciteitspercentage / _HONDERD)
    stappen = (
        *inkomen_stappen,
        *aftrek_stappen,
        Stap("bijstandsnorm", bijstandsnorm, "="),
        Stap("norm", norm, "%", normpercentage),
        Stap("ruimte", ruimte, "="),
        Stap("capaciteit", capaciteit, "%", capaciteitspercentage),
    )
    return Capaciteitberekening(
        inkomen=inkomen,
        aftrek=aftrek,
        norm=norm,
        ruimte=ruimte,
        capaciteit=capaciteit,
        stappen=stappen,
    )
