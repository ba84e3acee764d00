"""Beleidsparameters: the declared keys and types, and typed lookup by date and regime.

Values live only in the database (``Beleidsparameter``), loaded from
``beleid_standaard.toml`` when missing. Code asks ``beleid_op(dag)`` once per unit of
work and passes the typed values to the pure rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from invordering.rules.escalatie import EscalatieBeleid

STANDAARD_BESTAND = Path(__file__).with_name("beleid_standaard.toml")
STANDAARD_INGANGSDATUM = date(2000, 1, 1)
JA = {"ja", "yes", "true", "1", "aan"}
NEE = {"nee", "no", "false", "0", "uit"}


def _geheel(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError(_("Enter a whole number, for example 24.")) from None
    if value < 0:
        raise ValueError(_("Enter a number of 0 or more."))
    return value


def _bedrag(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter an amount in euros, for example 20.00.")) from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Enter an amount of 0 or more, with at most two decimals."))
    return value.quantize(Decimal("0.01"))


def _percentage(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter a percentage, for example 80.")) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(_("Enter a percentage between 0 and 100."))
    return value


def _schakelaar(raw: str) -> bool:
    value = raw.strip().lower()
    if value in JA:
        return True
    if value in NEE:
        return False
    raise ValueError(_("Enter ja (yes) or nee (no)."))


def _schaal(raw: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """'0:42.00; 500:81.00' -> ((0, 42.00), (500, 81.00)): costs from each threshold up."""
    regels = []
    for deel in raw.split(";"):
        if not deel.strip():
            continue
        drempel, _sep, kosten = deel.partition(":")
        if not _sep:
            raise ValueError(_("Write the scale as threshold:costs; threshold:costs."))
        regels.append((_bedrag(drempel), _bedrag(kosten)))
    if not regels or regels[0][0] != 0:
        raise ValueError(_("The scale must start at threshold 0."))
    if [d for d, _k in regels] != sorted({d for d, _k in regels}):
        raise ValueError(_("The thresholds must go up."))
    return tuple(regels)


LEZERS = {
    "geheel": _geheel,
    "bedrag": _bedrag,
    "percentage": _percentage,
    "schakelaar": _schakelaar,
    "schaal": _schaal,
}


@dataclass(frozen=True)
class Definitie:
    sleutel: str
    soort: str
    label: Any

    def lees(self, raw: str) -> Any:
        return LEZERS[self.soort](raw)


def _d(sleutel: str, soort: str, label) -> Definitie:
    return Definitie(sleutel, soort, label)


DEFINITIES: dict[str, Definitie] = {
    d.sleutel: d
    for d in (
        _d("betaaltermijn_weken", "geheel", _("weeks to pay after the date of the decision")),
        _d("standaard_max_termijnen", "geheel", _("standard plan: maximum number of instalments")),
        _d("standaard_minimum_termijn", "bedrag", _("standard plan: minimum instalment")),
        _d("pbt_looptijd_maanden", "geheel", _("personal plan: duration in months")),
        _d(
            "pbt_heroverweging_maanden", "geheel", _("no ability to pay: months until a new review")
        ),
        _d("beslistermijn_weken", "geheel", _("decision period for a request, in weeks")),
        _d("bijstandsnorm_alleenstaand", "bedrag", _("social assistance norm: single")),
        _d(
            "bijstandsnorm_alleenstaande_ouder",
            "bedrag",
            _("social assistance norm: single parent"),
        ),
        _d("bijstandsnorm_samenwonend", "bedrag", _("social assistance norm: couple")),
        _d("normpercentage", "percentage", _("living costs: percentage of the norm")),
        _d("capaciteitspercentage", "percentage", _("ability to pay: percentage of what is left")),
        _d("vrijgesteld_vermogen", "bedrag", _("savings that do not have to be used")),
        _d("herinnering_termijn_dagen", "geheel", _("days to act after a reminder")),
        _d(
            "signaal_wachttijd_werkdagen",
            "geheel",
            _("working days the next step waits for contact"),
        ),
        _d("contact_binnen_werkdagen", "geheel", _("working days within which staff call")),
        _d("aanmaning_termijn_dagen", "geheel", _("days to act after a formal notice")),
        _d("aanmaningskosten", "bedrag", _("costs of a formal notice")),
        _d("dwangbevel_termijn_dagen", "geheel", _("days after a writ before seizure")),
        _d("dwangbevel_kosten", "schaal", _("costs of a writ, by amount owed")),
        _d("rente_percentage", "percentage", _("collection interest per year")),
        _d("hoge_terugvordering_kot", "bedrag", _("high repayment threshold: childcare")),
        _d("hoge_terugvordering_overig", "bedrag", _("high repayment threshold: other")),
        _d("pauze_max_maanden", "geheel", _("maximum length of a pause, in months")),
        _d(
            "pauze_contact_dagen",
            "geheel",
            _("a conversation counts for a pause from this many days before the request"),
        ),
        _d("max_verschuivingen", "geheel", _("missed instalments moved before withdrawal")),
        _d("verjaring_jaren", "geheel", _("years before a debt lapses")),
        _d("minimum_uitbetaling", "bedrag", _("minimum advance paid out when offsetting")),
        _d("verrekendag", "geheel", _("day of the month for offsetting")),
        _d("machtiging_max_maanden", "geheel", _("maximum length of a mandate, in months")),
        _d("machtigingscode_geldig_dagen", "geheel", _("days a mandate code can be used")),
        _d("stilvallen_als_signaal", "schakelaar", _("no reaction leads to personal contact")),
        _d("verrekening_zonder_kosten", "schakelaar", _("offset against advances without costs")),
        _d("verrekening_alle_toeslagen", "schakelaar", _("offset against any advance")),
        _d("dwanginvordering_actief", "schakelaar", _("forced collection is carried out")),
        _d("alleen_definitief_dwang", "schakelaar", _("forced collection only on final awards")),
        _d("bezwaar_schort_op", "schakelaar", _("an objection with deferral stops collection")),
        _d("pauze_mogelijk", "schakelaar", _("a collection pause can be requested")),
        _d("pauze_schort_verrekening_op", "schakelaar", _("a pause also stops offsetting")),
        _d("bundeling_mogelijk", "schakelaar", _("debts can be combined in one plan")),
        _d("automatisch_bundelen", "schakelaar", _("new debts join the combined plan")),
        _d("spijtoptant", "schakelaar", _("a plan stays possible during forced collection")),
    )
}


def definitie(sleutel: str) -> Definitie:
    return DEFINITIES[sleutel]


class OntbrekendeParameter(LookupError):
    """A parameter has no value on the asked date: an admin must add one."""


class Beleid:
    """The typed values of one regime on one date: ``beleid.standaard_max_termijnen``."""

    def __init__(self, regime_code: str, dag: date, waarden: dict[str, Any]):
        self.regime_code = regime_code
        self.dag = dag
        self._waarden = waarden

    def __getattr__(self, sleutel: str) -> Any:
        if sleutel.startswith("_"):
            raise AttributeError(sleutel)
        if sleutel not in DEFINITIES:
            raise AttributeError(f"unknown beleidsparameter {sleutel!r}")
        try:
            return self._waarden[sleutel]
        except KeyError:
            raise OntbrekendeParameter(
                f"Beleidsparameter {sleutel!r} has no value on {self.dag} in regime "
                f"{self.regime_code!r}; add one in the admin."
            ) from None

    @property
    def bijstandsnormen(self) -> dict[str, Decimal]:
        return {
            "alleenstaand": self.bijstandsnorm_alleenstaand,
            "alleenstaande_ouder": self.bijstandsnorm_alleenstaande_ouder,
            "samenwonend": self.bijstandsnorm_samenwonend,
        }

    def escalatie(self) -> EscalatieBeleid:
        return EscalatieBeleid(
            herinnering_termijn_dagen=self.herinnering_termijn_dagen,
            signaal_wachttijd_werkdagen=self.signaal_wachttijd_werkdagen,
            aanmaning_termijn_dagen=self.aanmaning_termijn_dagen,
            dwangbevel_termijn_dagen=self.dwangbevel_termijn_dagen,
            aanmaningskosten=self.aanmaningskosten,
            dwangbevel_kosten=self.dwangbevel_kosten,
            stilvallen_als_signaal=self.stilvallen_als_signaal,
            verrekening_zonder_kosten=self.verrekening_zonder_kosten,
            dwanginvordering_actief=self.dwanginvordering_actief,
            bezwaar_schort_op=self.bezwaar_schort_op,
            alleen_definitief_dwang=self.alleen_definitief_dwang,
        )


def actief_regime():
    from invordering.models import Regime

    regime = Regime.objects.filter(actief=True).first()
    if regime is None:
        raise OntbrekendeParameter("No active policy regime; choose one in the admin.")
    return regime


def beleid_op(dag: date, regime=None) -> Beleid:
    """The values valid on ``dag`` in ``regime`` (default: the active one). One query."""
    from invordering.models import Beleidsparameter

    regime = regime or actief_regime()
    rijen = (
        Beleidsparameter.objects.filter(regime=regime, ingangsdatum__lte=dag)
        .order_by("sleutel", "-ingangsdatum")
        .values_list("sleutel", "waarde")
    )
    waarden: dict[str, Any] = {}
    for sleutel, raw in rijen:
        if sleutel in waarden or sleutel not in DEFINITIES:
            continue
        waarden[sleutel] = DEFINITIES[sleutel].lees(raw)
    return Beleid(regime.code, dag, waarden)


def lees_standaard() -> dict:
    with STANDAARD_BESTAND.open("rb") as fh:
        return tomllib.load(fh)


@transaction.atomic
def laad_standaard_beleid() -> int:
    """Insert regimes and parameter versions from the TOML file that are not there yet.

    Never changes an existing row, so what staff edited stays. Returns rows created.
    """
    from invordering.models import Beleidsparameter, Regime

    data = lees_standaard()
    regimes = {}
    created = 0
    heeft_actief = Regime.objects.filter(actief=True).exists()
    for code, info in data["regimes"].items():
        regime, new = Regime.objects.get_or_create(
            code=code,
            defaults={
                "naam": info["naam"],
                "omschrijving": info.get("omschrijving", ""),
                "actief": bool(info.get("actief")) and not heeft_actief,
            },
        )
        regimes[code] = regime
        created += new
    for entry in data["parameter"]:
        sleutel = entry["sleutel"]
        ingang = entry.get("ingangsdatum", STANDAARD_INGANGSDATUM)
        for code, raw in entry["waarden"].items():
            DEFINITIES[sleutel].lees(raw)
            _obj, new = Beleidsparameter.objects.get_or_create(
                regime=regimes[code],
                sleutel=sleutel,
                ingangsdatum=ingang,
                defaults={"waarde": raw, "bron": entry.get("bron", "")},
            )
            created += new
    return created
