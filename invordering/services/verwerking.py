"""The coordinator of the engines: start a run, split it into chunks, record progress.

A run (``Verwerking``) is one day of escalation or one month of verrekening. It is
split by burger id into chunks of about ``ENGINE_DEEL_GROOTTE`` vorderingen; a chunk is
taken by whichever process gets there first (``FOR UPDATE SKIP LOCKED``) and done in a
single transaction. So:

- any number of workers on any number of machines can share a run;
- a worker killed halfway leaves its chunk untouched and open; running the same day
  again (or Celery redelivering the task) finishes it;
- a finished chunk or an already-booked month is never done twice (database keys).

The same code runs inline (``run_escalatie``, the demo) or through the workers.
"""

from __future__ import annotations

import gc
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from math import ceil

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from invordering import clock, wachtrij
from invordering.beleid import DEFINITIES, OntbrekendeParameter, beleid_op
from invordering.models import (
    Beleidsparameter,
    DeelStatus,
    Fase,
    Regime,
    Verwerking,
    Verwerkingsdeel,
    VerwerkingSoort,
    VerwerkingStatus,
    Vordering,
)

INHALEN = "beat"  # gestart_door of the runs haal_in starts through the workers


class VerwerkingGeweigerd(Exception):
    """A run cannot start; the message says why in plain words and what to do."""


class WachtrijOnbereikbaar(VerwerkingGeweigerd):
    """The run is recorded but its chunks cannot be handed to the workers (the queue is
    away). Nothing was changed; the open chunks are handed out again by the next engines
    pass (beat), or done inline."""


def controleer_regime(dag: date, regime: Regime | None = None):
    """The active regime's policy on ``dag``, or VerwerkingGeweigerd listing every problem.

    Checked before anything is written: every parameter must have a valid value on that
    day (a norm that starts next year is "no value"), and the combination must make
    sense (a verrekendag that exists in every month, terms of zero or more).
    """
    regime = regime or Regime.objects.filter(actief=True).first()
    if regime is None:
        raise VerwerkingGeweigerd(_("There is no active policy regime. Choose one in the admin."))
    problemen = _parameterproblemen(regime, dag)
    if not problemen:
        beleid = beleid_op(dag, regime)
        if not 1 <= beleid.verrekendag <= 28:
            problemen.append(
                _("The day of the month for offsetting is %(dag)s; choose a day from 1 to 28.")
                % {"dag": beleid.verrekendag}
            )
        try:
            beleid.escalatie()
        except ValueError as exc:
            problemen.append(str(exc))
    if problemen:
        raise VerwerkingGeweigerd(
            _(
                "The run for %(dag)s did not start, because the policy regime “%(regime)s” is "
                "not complete. Nothing was changed. Fix this in the admin and start again:"
            )
            % {"dag": dag.isoformat(), "regime": regime.naam}
            + "\n- "
            + "\n- ".join(problemen)
        )
    return beleid_op(dag, regime)


def _parameterproblemen(regime: Regime, dag: date) -> list[str]:
    geldig: dict[str, str] = {}
    for sleutel, waarde in (
        Beleidsparameter.objects.filter(regime=regime, ingangsdatum__lte=dag)
        .order_by("sleutel", "-ingangsdatum")
        .values_list("sleutel", "waarde")
    ):
        geldig.setdefault(sleutel, waarde)
    problemen = []
    for sleutel, definitie in DEFINITIES.items():
        if sleutel not in geldig:
            problemen.append(
                _("“%(label)s” (%(sleutel)s) has no value on %(dag)s.")
                % {"label": definitie.label, "sleutel": sleutel, "dag": dag.isoformat()}
            )
            continue
        try:
            definitie.lees(geldig[sleutel])
        except ValueError as exc:
            problemen.append(
                _("“%(label)s” (%(sleutel)s) is “%(waarde)s”: %(fout)s")
                % {
                    "label": definitie.label,
                    "sleutel": sleutel,
                    "waarde": geldig[sleutel],
                    "fout": exc,
                }
            )
    return problemen


def _relevant(soort: str):
    if soort == VerwerkingSoort.VERREKENING:
        return Vordering.objects.filter(fase=Fase.VERREKENING)
    return Vordering.objects.exclude(fase=Fase.AFGEROND)


def _grenzen(soort: str) -> list[tuple[int, int]]:
    """Burger id ranges holding about ``ENGINE_DEEL_GROOTTE`` relevant vorderingen each."""
    # count(*), not count(id): the (burger, fase) index alone answers it.
    telling = _relevant(soort).aggregate(n=Count("*"), van=Min("burger_id"), tot=Max("burger_id"))
    if not telling["n"]:
        return []
    aantal = ceil(telling["n"] / settings.ENGINE_DEEL_GROOTTE)
    van, tot = telling["van"], telling["tot"]
    stap = max(1, ceil((tot - van + 1) / aantal))
    return [(begin, min(begin + stap - 1, tot)) for begin in range(van, tot + 1, stap)]


def start(soort: str, *, dag: date, via_workers: bool = False, door: str = "") -> Verwerking:
    """Start (or resume) the run of ``soort`` for ``dag``; refuses with a clear message.

    A run of the same kind and day that is still going is resumed, not doubled; one for
    another day that is still going must finish first (the database allows one).
    """
    beleid = controleer_regime(dag)
    maand = dag.replace(day=1) if soort == VerwerkingSoort.VERREKENING else None
    try:
        with transaction.atomic():
            lopend = Verwerking.objects.filter(soort=soort, status=VerwerkingStatus.BEZIG).first()
            if lopend is not None:
                if lopend.dag == dag:
                    return lopend
                raise VerwerkingGeweigerd(
                    _(
                        "The %(soort)s run for %(dag)s has not finished yet. Run that day again "
                        "first (it continues where it stopped), then this one."
                    )
                    % {"soort": lopend.get_soort_display(), "dag": lopend.dag.isoformat()}
                )
            verwerking = Verwerking.objects.create(
                soort=soort,
                dag=dag,
                maand=maand,
                regime=beleid.regime_code,
                via_workers=via_workers,
                gestart_door=door[:60],
                gestart_op=timezone.now(),
            )
            grenzen = _grenzen(soort)
            Verwerkingsdeel.objects.bulk_create(
                Verwerkingsdeel(verwerking=verwerking, nummer=i, burger_van=van, burger_tot=tot)
                for i, (van, tot) in enumerate(grenzen, start=1)
            )
            Verwerking.objects.filter(pk=verwerking.pk).update(aantal_delen=len(grenzen))
            verwerking.aantal_delen = len(grenzen)
    except IntegrityError:
        # Another process started the same kind of run a moment ago: join it.
        return start(soort, dag=dag, via_workers=via_workers, door=door)
    return verwerking


def verwerk_deel(deel_id: int, *, worker: str = "") -> bool:
    """Do one chunk if it is still open and nobody else holds it; True when done here."""
    from invordering.services.escalatie_run import escaleer_burgers
    from invordering.services.verrekening_run import verreken_burgers

    begin = time.monotonic()
    with zonder_gc(), transaction.atomic():
        deel = (
            # Lock the chunk row only: locking the joined run row too would make every
            # other worker skip its chunk while this one runs.
            Verwerkingsdeel.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("verwerking")
            .filter(pk=deel_id, status=DeelStatus.OPEN)
            .first()
        )
        if deel is None:
            return False
        verwerking = deel.verwerking
        beleid = beleid_op(verwerking.dag, Regime.objects.get(code=verwerking.regime))
        burgers = {"pk__range": (deel.burger_van, deel.burger_tot)}
        _instellingen_per_deel()
        with clock.vast_op(verwerking.dag, 6):
            if verwerking.soort == VerwerkingSoort.VERREKENING:
                uitslag = verreken_burgers(
                    burgers, maand=verwerking.maand, dag=verwerking.dag, beleid=beleid
                )
            else:
                uitslag = escaleer_burgers(burgers, dag=verwerking.dag, beleid=beleid)
        deel.status = DeelStatus.KLAAR
        deel.verwerkt = uitslag.verwerkt
        deel.uitkomsten = dict(uitslag.uitkomsten)
        deel.fouten = uitslag.fouten
        deel.worker = (worker or f"inline@{socket.gethostname()}")[:120]
        deel.klaar_op = timezone.now()
        deel.duur_ms = int((time.monotonic() - begin) * 1000)
        deel.save()
    sluit_af(verwerking.pk)
    return True


@contextmanager
def zonder_gc() -> Iterator[None]:
    """No cyclic garbage collection while a chunk runs.

    A chunk keeps every row it reads until it ends (tens of thousands of small objects,
    none in a reference cycle that matters), so each collection during it walked them all
    again for nothing. Whatever cycles it leaves are collected after it, as usual.
    """
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()


def _instellingen_per_deel() -> None:
    """PostgreSQL settings for one chunk's transaction (they end with it).

    Chunks already run side by side on every worker: helpers for one chunk's queries
    would only take the cores from the other chunks. And a chunk's queries each read a
    few thousand rows by index: compiling them (JIT, which starts on the planner's cost
    estimate) took longer than running them.

    Those index reads hit rows the previous chunk's day left in memory, not a spinning
    disk, which is what PostgreSQL's default random_page_cost (4) prices. At that price
    the planner read the voorschotten of 9,000 toeslagen by index (10 ms) but of 10,000
    by scanning all two million beschikkingen (210 ms): a cliff a chunk of 5,000
    vorderingen whose burgers have more toeslagen would fall off. At 1.1 (the usual
    value for SSDs) the index was still chosen, and faster, at 40,000 toeslagen.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL random_page_cost = 1.1")


def sluit_af(verwerking_id: int) -> bool:
    """Close the run when no chunk is open: totals per outcome, errors, end time."""
    # Every chunk asks, and nearly always others are still open: a look without the lock
    # answers that. Each chunk has committed before it asks, so the last one to commit
    # sees no open chunk and closes the run.
    if Verwerkingsdeel.objects.filter(verwerking_id=verwerking_id, status=DeelStatus.OPEN).exists():
        return False
    with transaction.atomic():
        verwerking = Verwerking.objects.select_for_update().get(pk=verwerking_id)
        if verwerking.status != VerwerkingStatus.BEZIG:
            return False
        if verwerking.delen.filter(status=DeelStatus.OPEN).exists():
            return False
        totaal: Counter = Counter()
        verwerkt = 0
        for uitkomsten, aantal in verwerking.delen.values_list("uitkomsten", "verwerkt"):
            totaal.update(uitkomsten)
            verwerkt += aantal
        verwerking.uitkomsten = dict(totaal.most_common())
        verwerking.verwerkt = verwerkt
        verwerking.fouten = totaal.get("fout", 0)
        verwerking.status = (
            VerwerkingStatus.MET_FOUTEN if verwerking.fouten else VerwerkingStatus.KLAAR
        )
        verwerking.klaar_op = timezone.now()
        verwerking.save()
        if verwerking.via_workers and verwerking.gestart_door == INHALEN:
            # A catch-up run: the next missed day starts when this one is done.
            from invordering.tasks import engines_inhalen

            wachtrij.na_commit(engines_inhalen, bewaar=False)
    return True


def open_delen(verwerking: Verwerking) -> list[int]:
    return list(
        verwerking.delen.filter(status=DeelStatus.OPEN)
        .order_by("nummer")
        .values_list("pk", flat=True)
    )


def voer_uit(
    soort: str,
    *,
    dag: date,
    via_workers: bool = False,
    door: str = "",
    wacht: bool = True,
    timeout: float = 3600,
    melding: Callable[[str], object] | None = None,
) -> Verwerking:
    """Run (or finish) the ``soort`` run for ``dag`` inline, or through the workers.

    When the workers' queue cannot be reached and the caller waits anyway, the run is done
    here instead, and ``melding`` gets a sentence saying so; without waiting,
    WachtrijOnbereikbaar is raised.
    """
    verwerking = start(soort, dag=dag, via_workers=via_workers, door=door)
    if via_workers:
        try:
            verdeel_over_workers(verwerking)
        except WachtrijOnbereikbaar:
            if not wacht:
                raise
            if melding is not None:
                melding(
                    _(
                        "The workers cannot be reached (the queue, Redis, does not answer), "
                        "so this run is done here instead. It takes longer; the result is "
                        "the same."
                    )
                )
            _doe_zelf(verwerking, timeout)
        else:
            if wacht:
                _wacht_op(verwerking, timeout)
    else:
        _doe_zelf(verwerking, timeout)
    verwerking.refresh_from_db()
    return verwerking


def _doe_zelf(verwerking: Verwerking, timeout: float) -> None:
    """Do every open chunk here; chunks another process holds are waited for, so the
    run is finished on return (a chunk of a killed worker frees when its connection
    ends)."""
    einde = time.monotonic() + timeout
    while delen := open_delen(verwerking):
        gedaan = sum(verwerk_deel(deel_id) for deel_id in delen)
        if not gedaan:
            if time.monotonic() > einde:
                raise TimeoutError(
                    f"Chunks of the run for {verwerking.dag} are held by another process."
                )
            time.sleep(0.2)
    sluit_af(verwerking.pk)


def verdeel_over_workers(verwerking: Verwerking) -> int:
    from invordering.tasks import verwerk_deel as taak

    delen = open_delen(verwerking)
    for deel_id in delen:
        # Nothing to keep when this fails: the open chunks are the state, and the next
        # engines pass (haal_in) hands them out again.
        if not wachtrij.stuur(taak, deel_id, bewaar=False):
            raise WachtrijOnbereikbaar(
                _(
                    "The run for %(dag)s is recorded, but the workers cannot be reached: "
                    "the queue (Redis) does not answer. Nothing was changed yet. The next "
                    "engines pass hands its chunks to the workers once the queue is back; "
                    "or run it without the workers."
                )
                % {"dag": verwerking.dag.isoformat()}
            )
    if not delen:
        sluit_af(verwerking.pk)
    return len(delen)


def _wacht_op(verwerking: Verwerking, timeout: float) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        verwerking.refresh_from_db()
        if verwerking.status != VerwerkingStatus.BEZIG:
            return
        time.sleep(0.2)
    raise TimeoutError(
        f"The run for {verwerking.dag} is still going after {timeout:.0f} s; "
        "see its progress in the admin (engine runs)."
    )


def laatste_dag(soort: str) -> date | None:
    return (
        Verwerking.objects.filter(soort=soort)
        .exclude(status=VerwerkingStatus.BEZIG)
        .aggregate(d=Max("dag"))["d"]
    )


def volgende_taak(vandaag: date) -> tuple[str, date] | None:
    """What the engines should do next to be up to date on ``vandaag``, or None.

    Days are done in order, none skipped: after an outage (or a demo clock moved 60 days
    ahead) every missed day gets its escalation pass, and a verrekendag its verrekening
    first, as if nothing had been missed. The very first run starts today.
    """
    gedaan = laatste_dag(VerwerkingSoort.ESCALATIE)
    dag = vandaag if gedaan is None else gedaan + timedelta(days=1)
    if dag > vandaag:
        return None
    try:
        verrekendag = beleid_op(dag).verrekendag
    except (OntbrekendeParameter, ValueError):
        verrekendag = None  # start() refuses with the full explanation
    if (
        dag.day == verrekendag
        and not Verwerking.objects.filter(
            soort=VerwerkingSoort.VERREKENING, maand=dag.replace(day=1)
        )
        .exclude(status=VerwerkingStatus.BEZIG)
        .exists()
    ):
        return VerwerkingSoort.VERREKENING, dag
    return VerwerkingSoort.ESCALATIE, dag


def haal_in(*, via_workers: bool, door: str, max_dagen: int = 400) -> list[Verwerking]:
    """Bring the engines up to today: inline all at once, or one run at a time on workers.

    Through the workers this starts (or redistributes) one run and returns; the last
    chunk of that run triggers the next call (``sluit_af``), so no task ever waits.
    """
    lopend = list(Verwerking.objects.filter(status=VerwerkingStatus.BEZIG).order_by("gestart_op"))
    if via_workers and lopend:  # finish what is running (a crash, a lost task) first
        for verwerking in lopend:
            verdeel_over_workers(verwerking)
        return lopend
    gedaan: list[Verwerking] = []
    for verwerking in lopend:  # inline: finish what a crash left behind, in order
        gedaan.append(voer_uit(verwerking.soort, dag=verwerking.dag, door=door))
    for _i in range(max_dagen):
        taak = volgende_taak(clock.today())
        if taak is None:
            break
        soort, dag = taak
        if via_workers:
            verwerking = start(soort, dag=dag, via_workers=True, door=door)
            verdeel_over_workers(verwerking)
            return [verwerking]
        gedaan.append(voer_uit(soort, dag=dag, door=door))
    return gedaan
