"""The daily escalation pass over a range of burgers: one chunk of an escalation run.

For every open vordering of those burgers the pass reads the facts in a fixed number of
queries (invordering.selectors.feiten, the reader the pages use too), lets the pure rule
decide (invordering.rules.escalatie.bepaal_stap) and carries out only the steps that
move something. Most vorderingen wait on a given day, so they cost one row read and no
write. Each move runs in its own savepoint with the vordering locked, so one vordering
that fails is reported and the others go on.

Missed termijnen of running regelingen are handled first: a termijn unpaid after its
vervaldatum gets a free reminder; still unpaid when that term ends, the regeling moves
one month, or is withdrawn after the last allowed move (services.regelingen).

Idempotent: a step's key is (vordering, the fase it leaves, the day that fase began),
kept in the unique ``Event.sleutel``; a termijn is marked missed only while it is open.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from invordering.models import Fase, RegelingStatus, Termijn, TermijnStatus, Toeslag, Vordering
from invordering.rules.escalatie import Stap, bepaal_stap
from invordering.selectors.bereik import via
from invordering.selectors.feiten import VERREKEN_FASEN, feiten_voor_vorderingen
from invordering.services.escalatie import feiten_voor, voer_stap_uit
from invordering.services.regelingen import handel_gemiste_termijn_af, markeer_termijn_gemist
from invordering.services.wachten import Wachten

# A vordering can take several steps on one day (paid to zero, then closed); never more.
MAX_STAPPEN_PER_DAG = 5


class Rij(NamedTuple):
    """The columns the rule needs, read without building model instances (a tuple: the
    pass makes a million of them)."""

    pk: int
    burger_id: int
    fase: str
    fase_sinds: date
    vervaldatum: date
    saldo: Decimal
    op_definitieve_berekening: bool
    opzet_of_grove_schuld: bool
    toeslag_soort: str
    wacht_reden: str


VELDEN = (
    "pk",
    "burger_id",
    "fase",
    "fase_sinds",
    "vervaldatum",
    "saldo",
    "op_definitieve_berekening",
    "opzet_of_grove_schuld",
    "soort_van_toeslag",
    "wacht_reden",
)
# The toeslag's soort per row through its primary key: a join let the planner scan the
# whole toeslag table for every chunk (a million rows for five thousand vorderingen).
SOORT_VAN_TOESLAG = Subquery(
    Toeslag.objects.filter(pk=OuterRef("toeslag_id")).order_by().values("soort")
)


@dataclass
class Uitslag:
    """What a pass did: a count per outcome (the rule's reden) and the errors."""

    verwerkt: int = 0
    uitkomsten: Counter = field(default_factory=Counter)
    fouten: list[dict] = field(default_factory=list)

    def tel(self, uitkomst: str, aantal: int = 1) -> None:
        self.uitkomsten[uitkomst] += aantal

    def fout(self, wat: str, exc: Exception) -> None:
        self.tel("fout")
        self.fouten.append({"wat": wat, "fout": f"{type(exc).__name__}: {exc}"[:500]})


def escaleer_burgers(burgers: dict, *, dag: date, beleid) -> Uitslag:
    """Run the day's escalation for the burgers matched by ``burgers`` (lookups on Burger).

    Why each vordering waits is kept when the reason changes (``Wachtperiode``), so staff
    can read why it did not move on any past day.
    """
    uitslag = Uitslag()
    _gemiste_termijnen(burgers, dag=dag, beleid=beleid, uitslag=uitslag)
    rijen = [
        Rij(*waarden)
        for waarden in Vordering.objects.filter(**via("burger", burgers))
        .exclude(fase=Fase.AFGEROND)
        .annotate(soort_van_toeslag=SOORT_VAN_TOESLAG)
        .order_by("burger_id", "dagtekening", "pk")
        .values_list(*VELDEN)
    ]
    feiten = feiten_voor_vorderingen(
        rijen, dag, beleid, voorschot_fasen=VERREKEN_FASEN, burgers=burgers
    )
    escalatie = beleid.escalatie()
    wachten = Wachten()
    for rij in rijen:
        uitslag.verwerkt += 1
        stap = bepaal_stap(feiten[rij.pk], escalatie)
        if stap.soort == "wacht" and stap.reden != "wacht_op_besluit_beslag":
            uitslag.tel(stap.reden)
            wachten.noteer(rij.pk, was=rij.wacht_reden, reden=stap.reden)
            continue
        try:
            with transaction.atomic():
                uitslag.tel(_beweeg(rij, dag=dag, beleid=beleid, wachten=wachten))
        except Exception as exc:  # one vordering's failure must not stop the others
            uitslag.fout(f"vordering {rij.pk}", exc)
    wachten.leg_vast(dag=dag)
    return uitslag


def _beweeg(rij: Rij, *, dag: date, beleid, wachten: Wachten) -> str:
    """Lock the vordering, decide again on fresh facts, take the day's steps; returns the
    first step's reason and notes why it waits after the last one."""
    vordering = (
        Vordering.objects.select_for_update(of=("self",))
        .select_related("burger", "toeslag")
        .get(pk=rij.pk)
    )
    eerste: Stap | None = None
    for _ in range(MAX_STAPPEN_PER_DAG):
        stap = bepaal_stap(feiten_voor(vordering, dag, beleid), beleid.escalatie())
        voer_stap_uit(vordering, stap, dag=dag, beleid=beleid)
        eerste = eerste or stap
        if stap.soort == "wacht":
            wachten.noteer(vordering.pk, was=vordering.wacht_reden, reden=stap.reden)
            break
    return eerste.reden


def _gemiste_termijnen(burgers: dict, *, dag: date, beleid, uitslag: Uitslag) -> None:
    lopend = Q(regeling__status=RegelingStatus.LOPEND, **via("regeling__burger", burgers))
    te_laat = Termijn.objects.filter(lopend, status=TermijnStatus.OPEN, vervaldatum__lt=dag)
    for termijn in te_laat.select_related("regeling__burger").order_by("regeling_id", "nummer"):
        _doe(
            uitslag, f"termijn {termijn.pk}", "termijn_gemist", markeer_termijn_gemist, termijn, dag
        )
    termijn_voorbij = dag - timedelta(days=beleid.herinnering_termijn_dagen)
    nog_open = Termijn.objects.filter(
        lopend, status=TermijnStatus.GEMIST, gemist_op__lt=termijn_voorbij
    )
    for termijn in nog_open.select_related("regeling__burger").order_by("regeling_id", "nummer"):
        _doe(uitslag, f"termijn {termijn.pk}", None, handel_gemiste_termijn_af, termijn, dag)


def _doe(uitslag: Uitslag, wat: str, uitkomst: str | None, functie, termijn, dag: date) -> None:
    try:
        with transaction.atomic():
            resultaat = functie(termijn, dag=dag)
        uitslag.tel(uitkomst or f"regeling_{resultaat}")
    except Exception as exc:
        uitslag.fout(wat, exc)
