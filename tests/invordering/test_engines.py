"""The engines through their coordinator (inline), on PostgreSQL: escalation steps, guards,
missed termijnen, TZK, verrekening rules, idempotency and refusing a broken regime."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from invordering import clock
from invordering.demo.bouw import toeslagjaar
from invordering.documents import brief_html
from invordering.models import (
    Beleidsparameter,
    Bezwaar,
    Boeking,
    Document,
    Event,
    Pauze,
    Regeling,
    Regime,
    Signaal,
    SignaalUitkomst,
    Termijn,
    Verrekening,
    Verwerking,
    Vordering,
)
from invordering.services.betalingen import boek_betaling
from invordering.services.regelingen import start_standaardregeling
from invordering.services.verwerking import VerwerkingGeweigerd, voer_uit
from invordering.services.verzoeken import dien_in, maak_verzoek
from staff.uitkomsten import UITKOMST_TEKST
from tests.factories import MARK_GEGEVENS, BurgerFactory, maak_voorschot, maak_vordering

pytestmark = pytest.mark.django_db
D = Decimal
DAGTEKENING = date(2026, 3, 6)
VERVALDATUM = DAGTEKENING + timedelta(weeks=6)  # 2026-04-17


@pytest.fixture(autouse=True)
def _alleen_eigen_gegevens():
    """A run covers the whole database, where the session's demo world may be: set it
    aside for this test (the test's transaction rolls it back)."""
    Vordering.objects.update(fase="afgerond")
    Regeling.objects.filter(status="lopend").update(status="vervangen")
    Verwerking.objects.all().delete()


def regime(code: str) -> None:
    Regime.objects.update(actief=False)
    Regime.objects.filter(code=code).update(actief=True)


def zet(code: str, sleutel: str, waarde: str, ingang: date = date(2000, 1, 1)) -> None:
    Beleidsparameter.objects.update_or_create(
        regime=Regime.objects.get(code=code),
        sleutel=sleutel,
        ingangsdatum=ingang,
        defaults={"waarde": waarde},
    )


def voorschot(burger, soort: str, maandbedrag: str, jaar: int = 2026):
    return maak_voorschot(burger, soort=soort, jaar=jaar, maandbedrag=maandbedrag)


def dag_escalatie(dag: date):
    return voer_uit("escalatie", dag=dag)


def ververs(*objecten):
    for obj in objecten:
        obj.refresh_from_db()


def grootboek_sluit():
    """Every cached saldo equals the sum of its ledger rows."""
    for vordering in Vordering.objects.all():
        totaal = Boeking.objects.filter(vordering=vordering).aggregate(s=Sum("bedrag"))["s"]
        assert vordering.saldo == totaal, vordering.kenmerk


def tel_alles() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Event, Boeking, Document, Verrekening, Signaal, Termijn)
    )


# --- escalation steps --------------------------------------------------------------


def test_a_run_takes_every_step_of_the_target_regime_and_beslag_only_after_staff_decide():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    dag_escalatie(VERVALDATUM)
    ververs(vordering)
    assert vordering.fase == "open"

    herinnering = VERVALDATUM + timedelta(days=1)
    run = dag_escalatie(herinnering)
    ververs(vordering)
    assert vordering.fase == "herinnering" and vordering.saldo == D("600.00")
    assert run.status == "klaar" and run.uitkomsten == {"vervaldatum_verstreken": 1}
    assert Document.objects.filter(vordering=vordering, soort="herinnering").count() == 1

    stil = herinnering + timedelta(days=15)
    dag_escalatie(stil)
    ververs(vordering)
    assert vordering.fase == "signaal"
    signaal = Signaal.objects.get(burger=vordering.burger, soort="stilgevallen")

    run = dag_escalatie(stil + timedelta(days=3))  # still inside the hold: waits for contact
    assert run.uitkomsten == {"wacht_op_contact": 1}
    signaal.uitkomst = SignaalUitkomst.DOORGAAN
    signaal.status = "afgehandeld"
    signaal.afgehandeld_op = clock.op_dag(stil + timedelta(days=4))
    signaal.save()
    aanmaning = stil + timedelta(days=5)
    dag_escalatie(aanmaning)
    ververs(vordering)
    assert vordering.fase == "aanmaning" and vordering.saldo > D("600.00")  # with costs
    kosten_aanmaning = vordering.saldo - D("600.00")

    dwangbevel = aanmaning + timedelta(days=15)
    dag_escalatie(dwangbevel)
    ververs(vordering)
    assert vordering.fase == "dwangbevel" and vordering.saldo > D("600.00") + kosten_aanmaning

    run = dag_escalatie(dwangbevel + timedelta(days=30))
    ververs(vordering)
    assert vordering.fase == "dwangbevel"  # never beslag without a person deciding
    besluiten = vordering.signalen.filter(soort="beslag_besluit")
    assert besluiten.count() == 1  # asked once, however many days it waits
    besluit = besluiten.get()
    besluit.uitkomst = SignaalUitkomst.BESLAG
    besluit.save()
    dag_escalatie(dwangbevel + timedelta(days=31))
    ververs(vordering)
    assert vordering.fase == "beslag"
    soorten = list(
        Event.objects.filter(vordering=vordering, regel__startswith="escalatie.").values_list(
            "soort", flat=True
        )
    )
    assert soorten == [
        "herinnering",
        "signaal",
        "contactverzoek",
        "aanmaning",
        "dwangbevel",
        "beslag",
    ]
    grootboek_sluit()


def test_a_regeling_stays_possible_in_forced_collection_spijtoptant():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    regime("historisch-2022")
    dag = VERVALDATUM + timedelta(days=1)
    for _ in range(3):
        dag_escalatie(dag)
        ververs(vordering)
        dag += timedelta(days=16)
    assert vordering.fase == "dwangbevel"
    start_standaardregeling(
        vorderingen=[vordering], dag=dag, eerste_vervaldatum=dag + timedelta(days=30), actor=None
    )
    ververs(vordering)
    assert vordering.fase == "regeling"
    assert dag_escalatie(dag + timedelta(days=1)).uitkomsten == {"regeling_lopend": 1}


# --- guards --------------------------------------------------------------------------


def _verzoek(vordering):
    verzoek = maak_verzoek(
        burger=vordering.burger,
        soort="pbt",
        vorderingen=[vordering],
        actor=vordering.burger.user,
        gegevens=MARK_GEGEVENS,
    )
    dien_in(verzoek, actor=vordering.burger.user)


def _pauze(vordering):
    pauze = Pauze.objects.create(
        burger=vordering.burger,
        reden="ziekte",
        startdatum=VERVALDATUM,
        einddatum=VERVALDATUM + timedelta(days=60),
    )
    pauze.vorderingen.add(vordering)


def _bezwaar(vordering):
    Bezwaar.objects.create(vordering=vordering, ingediend_op=DAGTEKENING, uitstel_van_betaling=True)


def _regeling(vordering):
    start_standaardregeling(
        vorderingen=[vordering],
        dag=DAGTEKENING,
        eerste_vervaldatum=VERVALDATUM + timedelta(days=5),
        actor=None,
    )


def _maatwerk(vordering):
    signaal = Signaal.objects.create(
        burger=vordering.burger, soort="maatwerk", aangemaakt_op=clock.op_dag(DAGTEKENING)
    )
    signaal.vorderingen.add(vordering)


GUARDS = {
    "verzoek_in_behandeling": _verzoek,
    "pauze_actief": _pauze,
    "bezwaar_met_uitstel": _bezwaar,
    "regeling_lopend": _regeling,
    "open_maatwerk_signaal": _maatwerk,
}


@pytest.mark.parametrize("guard", GUARDS)
def test_each_guard_holds_its_own_vordering_and_nothing_else(guard):
    burger = BurgerFactory()
    bewaakt = maak_vordering(burger, dagtekening=DAGTEKENING)
    vrij = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    GUARDS[guard](bewaakt)
    run = dag_escalatie(VERVALDATUM + timedelta(days=1))
    ververs(bewaakt, vrij)
    assert bewaakt.fase in ("open", "regeling") and vrij.fase == "herinnering"
    assert run.uitkomsten == {guard: 1, "vervaldatum_verstreken": 1}


def _naar_aanmaningsdrempel(vordering, code: str):
    """Bring a vordering to the step after the reminder, where forced collection starts."""
    regime(code)
    dag_escalatie(VERVALDATUM + timedelta(days=1))
    return dag_escalatie(VERVALDATUM + timedelta(days=17))


def test_no_forced_collection_without_a_definitieve_berekening_unless_fraud():
    zet("historisch-2022", "alleen_definitief_dwang", "ja")
    voorlopig = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    fraude = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk__in=[voorlopig.pk, fraude.pk]).update(
        op_definitieve_berekening=False
    )
    Vordering.objects.filter(pk=fraude.pk).update(opzet_of_grove_schuld=True)
    run = _naar_aanmaningsdrempel(voorlopig, "historisch-2022")
    ververs(voorlopig, fraude)
    assert (voorlopig.fase, fraude.fase) == ("herinnering", "aanmaning")
    assert run.uitkomsten == {"geen_definitieve_berekening": 1, "herinnering_verstreken": 1}


def test_forced_collection_switched_off_holds_at_the_reminder():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    zet("huidig-2026", "stilvallen_als_signaal", "nee")
    run = _naar_aanmaningsdrempel(vordering, "huidig-2026")
    ververs(vordering)
    assert vordering.fase == "herinnering" and run.uitkomsten == {"dwanginvordering_uit": 1}


def test_bezwaar_holds_only_where_the_regime_switch_says_so():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    _bezwaar(vordering)
    zet("doel", "bezwaar_schort_op", "nee")
    dag_escalatie(VERVALDATUM + timedelta(days=1))
    ververs(vordering)
    assert vordering.fase == "herinnering"


# --- missed termijnen ---------------------------------------------------------------------


def test_a_missed_termijn_gets_a_reminder_then_moves_twice_then_the_regeling_is_withdrawn():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    regeling = start_standaardregeling(
        vorderingen=[vordering], dag=DAGTEKENING, eerste_vervaldatum=VERVALDATUM, actor=None
    )
    eerste = regeling.termijnen.get(nummer=1)
    dag = VERVALDATUM + timedelta(days=1)
    assert dag_escalatie(dag).uitkomsten == {"termijn_gemist": 1, "regeling_lopend": 1}
    ververs(eerste)
    assert eerste.status == "gemist" and eerste.gemist_op == dag
    assert Document.objects.filter(burger=vordering.burger, soort="termijn_gemist").count() == 1
    assert dag_escalatie(dag + timedelta(days=14)).uitkomsten == {"regeling_lopend": 1}

    for keer in (1, 2):
        run = dag_escalatie(dag + timedelta(days=15))
        assert run.uitkomsten["regeling_verschuiven"] == 1
        ververs(eerste, regeling)
        assert eerste.status == "open" and regeling.verschuivingen == keer
        dag = eerste.vervaldatum + timedelta(days=1)
        dag_escalatie(dag)  # missed again
    run = dag_escalatie(dag + timedelta(days=15))
    ververs(regeling, vordering)
    assert run.uitkomsten["regeling_intrekken"] == 1
    assert regeling.status == "ingetrokken" and vordering.fase == "herinnering"
    assert (
        Document.objects.filter(burger=vordering.burger, soort="regeling_ingetrokken").count() == 1
    )


# --- TZK and the monthly verrekening -----------------------------------------------------


@pytest.mark.parametrize(
    ("versies", "loopt"),
    [
        # the August voorschot is the highest versie that has begun
        ([("2025-12-01", 1, "150.00"), ("2026-06-05", 7, "0.00")], False),
        ([("2025-12-01", 1, "0.00"), ("2026-06-05", 7, "80.00")], True),
        # versie 2 begins in September: in August versie 1 still pays
        ([("2025-12-01", 1, "150.00"), ("2026-08-05", 9, "0.00")], True),
    ],
)  # fmt: skip
def test_a_voorschot_runs_by_the_highest_versie_that_has_begun(versies, loopt):
    from invordering.selectors.feiten import _lopende_voorschot_soorten

    burger = BurgerFactory()
    toeslagjaar(burger, "ZT", 2026, versies)
    rij = Vordering(burger=burger, fase="verrekening")
    dag = date(2026, 8, 15)
    per_burger = _lopende_voorschot_soorten([rij], dag, None)
    assert ("ZT" in per_burger.get(burger.pk, ())) is loopt


def _vraag_maandvoorschotten(monkeypatch, module) -> list[set[int]]:
    """Record the burger ids every call of ``module.maandvoorschotten`` asks for."""
    gevraagd = []
    echt = module.maandvoorschotten

    def kijk(burger_ids, dag):
        gevraagd.append(set(burger_ids))
        return echt(burger_ids, dag)

    monkeypatch.setattr(module, "maandvoorschotten", kijk)
    return gevraagd


def _twee_schuldenaars_rond_een_huishouden_zonder_schuld():
    """Three burgers in a row, each with this year's ZT voorschot running; the first and
    the last owe a vordering in fase verrekening, the one between owes nothing."""
    eerst, tussen, laatst = BurgerFactory(), BurgerFactory(), BurgerFactory()
    for burger in (eerst, tussen, laatst):
        toeslagjaar(burger, "ZT", VERVALDATUM.year, [("2025-12-01", 1, "150.00")])
    for burger in (eerst, laatst):
        maak_vordering(burger, dagtekening=DAGTEKENING)
    Vordering.objects.filter(burger__in=[eerst, laatst]).update(
        fase="verrekening", fase_sinds=VERVALDATUM
    )
    return eerst, laatst


def test_a_chunk_reads_the_voorschotten_of_the_burgers_that_owe_only(monkeypatch):
    # A chunk is a range of burger ids; most households in it owe nothing.
    from invordering.selectors import feiten

    gevraagd = _vraag_maandvoorschotten(monkeypatch, feiten)
    eerst, laatst = _twee_schuldenaars_rond_een_huishouden_zonder_schuld()
    run = dag_escalatie(VERVALDATUM + timedelta(days=1))  # offsetting runs: all wait
    assert run.aantal_delen == 1 and run.uitkomsten == {"verrekening_loopt": 2}
    assert gevraagd == [{eerst.pk, laatst.pk}]


def test_the_python_verrekening_reads_the_voorschotten_of_the_burgers_that_owe_only(
    monkeypatch,
):
    # The planner SQLite (the demo) runs; PostgreSQL's statement takes the same ids.
    from invordering.beleid import beleid_op
    from invordering.services import verrekening_run

    gevraagd = _vraag_maandvoorschotten(monkeypatch, verrekening_run)
    eerst, laatst = _twee_schuldenaars_rond_een_huishouden_zonder_schuld()
    dag = date(VERVALDATUM.year, 5, 20)
    uitslag = verrekening_run.verreken_burgers(
        {"pk__range": (eerst.pk, laatst.pk)},
        maand=dag,
        dag=dag,
        beleid=beleid_op(dag),
        in_database=False,
    )
    assert uitslag.uitkomsten == {"verrekend": 2}
    assert gevraagd == [{eerst.pk, laatst.pk}, {eerst.pk, laatst.pk}]  # this month, the next


def test_een_van_finds_the_rows_whose_value_is_in_the_list_and_none_for_an_empty_list():
    from invordering.models import Burger

    a, b, _c = BurgerFactory(), BurgerFactory(), BurgerFactory()
    assert set(Burger.objects.filter(pk__een_van=[a.pk, b.pk])) == {a, b}
    assert set(Burger.objects.filter(pk__een_van=(p for p in [b.pk]))) == {b}
    assert not Burger.objects.filter(pk__een_van=[]).exists()


def test_tzk_after_the_signal_hold_when_a_voorschot_of_the_same_toeslag_runs():
    burger = BurgerFactory()
    met = maak_vordering(burger, soort="ZT", dagtekening=DAGTEKENING)
    zonder = maak_vordering(burger, soort="HT", dagtekening=DAGTEKENING)
    voorschot(burger, "ZT", "150.00")
    regime("huidig-2026")  # same toeslag only
    zet("huidig-2026", "stilvallen_als_signaal", "ja")
    dag_escalatie(VERVALDATUM + timedelta(days=1))
    dag_escalatie(VERVALDATUM + timedelta(days=16))
    run = dag_escalatie(VERVALDATUM + timedelta(days=40))
    ververs(met, zonder)
    assert met.fase == "verrekening" and zonder.fase == "signaal"
    assert run.uitkomsten == {"voorschot_loopt": 1, "dwanginvordering_uit": 1}
    assert Document.objects.filter(vordering=met, soort="verrekening_aangekondigd").count() == 1
    assert met.saldo == D("600.00")  # offsetting costs nothing


def verrekening(maand: str = "2026-06"):
    call_command("run_verrekening", maand=maand, stdout=io.StringIO())
    return Verwerking.objects.filter(soort="verrekening").first()


def test_verrekening_withholds_the_standard_termijn_and_books_it_oldest_first():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    run = verrekening()
    ververs(vordering)
    v = Verrekening.objects.get(burger=burger)
    assert v.maand == date(2026, 6, 1)
    assert (v.voorschot, v.bedrag, v.uitbetaald) == (D("150.00"), D("25.00"), D("125.00"))
    assert vordering.saldo == D("575.00") and run.uitkomsten == {"verrekend": 1}
    assert v.specificatie["begrensd_door"] == "gewenst"
    grootboek_sluit()


def _verrekend_op_tijdlijn(burger, *, filter_="standaard", vordering_id=None):
    from invordering.beleid import beleid_op
    from invordering.selectors.overzicht import overzicht
    from invordering.selectors.tijdlijn import tijdlijn

    vandaag = date(2026, 6, 25)
    beleid = beleid_op(vandaag)
    ov = overzicht(burger, vandaag=vandaag, beleid=beleid, vordering_id=vordering_id)
    tl = tijdlijn(ov, verrekendag=beleid.verrekendag, vordering_id=vordering_id, filter_=filter_)
    return [m for m in tl.verleden if m.soort == "verrekening"]


def test_a_verrekening_is_on_the_timelines_from_its_own_row():
    """The run writes no event per verrekening; the timelines read the Verrekening row,
    and an event of that kind from before does not show the month twice."""
    from invordering.services.events import registreer_event

    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    verrekening()
    assert not Event.objects.filter(burger=burger, soort="verrekening").exists()
    registreer_event(burger=burger, soort="verrekening", data={"bedrag": "25.00"}, sleutel="oud")
    v = Verrekening.objects.get(burger=burger)
    for filter_ in ("standaard", "alles", "betalingen"):
        (moment,) = _verrekend_op_tijdlijn(burger, filter_=filter_)
        assert moment.datum == v.aangemaakt_op.date() and moment.bedrag == D("25.00")
        assert moment.vordering_id == vordering.pk and moment.kenmerk == vordering.kenmerk
        assert (moment.data["toeslag"], moment.data["uitbetaald"]) == ("ZT", D("125.00"))
    for filter_ in ("brieven", "beslissingen"):
        assert _verrekend_op_tijdlijn(burger, filter_=filter_) == []
    assert len(_verrekend_op_tijdlijn(burger, vordering_id=vordering.pk)) == 1
    ander = maak_vordering(burger, soort="HT", dagtekening=DAGTEKENING)
    assert _verrekend_op_tijdlijn(burger, vordering_id=ander.pk) == []


def test_the_minimum_payout_is_never_touched():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "30.00")
    verrekening()
    v = Verrekening.objects.get(burger=burger)
    assert (v.bedrag, v.uitbetaald) == (D("10.00"), D("20.00"))
    assert v.specificatie["begrensd_door"] == "minimum_uitbetaling"


def test_a_known_pbt_capacity_caps_the_offset():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    oud = maak_vordering(burger, soort="HT", jaar=2023, dagtekening=date(2024, 1, 5))
    regeling = start_standaardregeling(
        vorderingen=[oud], dag=date(2024, 2, 1), eerste_vervaldatum=date(2024, 3, 1), actor=None
    )
    Regeling.objects.filter(pk=regeling.pk).update(betalingscapaciteit=D("15.00"))
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    verrekening()
    v = Verrekening.objects.get(burger=burger)
    assert v.bedrag == D("15.00") and v.specificatie["begrensd_door"] == "capaciteit"


@pytest.mark.parametrize("in_database", [True, False])
def test_the_pbt_capacity_holds_for_the_burger_not_per_toeslag(in_database, monkeypatch):
    """Same-toeslag regime: ZT and HT are offset separately, but together they never take
    more than the capacity; the group with the oldest vordering goes first."""
    from invordering.services import verrekening_run

    echt = verrekening_run.verreken_burgers
    monkeypatch.setattr(
        verrekening_run,
        "verreken_burgers",
        lambda *a, **k: echt(*a, **{**k, "in_database": in_database}),
    )
    regime("huidig-2026")
    burger = BurgerFactory()
    zt = maak_vordering(burger, soort="ZT", jaar=2024, dagtekening=date(2026, 3, 6))
    ht = maak_vordering(burger, soort="HT", jaar=2025, dagtekening=date(2026, 2, 6))
    oud = maak_vordering(burger, soort="KOT", jaar=2023, dagtekening=date(2024, 1, 5))
    regeling = start_standaardregeling(
        vorderingen=[oud], dag=date(2024, 2, 1), eerste_vervaldatum=date(2024, 3, 1), actor=None
    )
    Regeling.objects.filter(pk=regeling.pk).update(betalingscapaciteit=D("30.00"))
    Vordering.objects.filter(pk__in=[zt.pk, ht.pk]).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    voorschot(burger, "HT", "300.00")
    verrekening()
    per_soort = dict(
        Verrekening.objects.filter(burger=burger).values_list("toeslag__soort", "bedrag")
    )
    # HT's vordering is the oldest: its termijn (25.00) first, ZT gets the 5.00 left.
    assert per_soort == {"HT": D("25.00"), "ZT": D("5.00")}


@pytest.mark.parametrize(("code", "verwacht"), [("huidig-2026", None), ("doel", D("25.00"))])
def test_same_toeslag_only_or_any_voorschot_per_regime(code, verwacht):
    burger = BurgerFactory()
    vordering = maak_vordering(burger, soort="ZT", dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "HT", "300.00")  # only a huurtoeslag voorschot runs
    regime(code)
    run = verrekening()
    bedrag = Verrekening.objects.filter(burger=burger).values_list("bedrag", flat=True).first()
    assert bedrag == verwacht
    assert run.uitkomsten == ({"geen_voorschot": 1} if verwacht is None else {"verrekend": 1})


def test_no_verrekening_during_a_pause_when_the_regime_says_so():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    pauze = Pauze.objects.create(
        burger=burger, reden="ziekte", startdatum=date(2026, 6, 1), einddatum=date(2026, 8, 31)
    )
    pauze.vorderingen.add(vordering)
    assert verrekening().uitkomsten == {"pauze": 1}
    assert not Verrekening.objects.filter(burger=burger).exists()


def test_the_last_verrekening_closes_the_vordering():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, recht="1180.00", dagtekening=DAGTEKENING)  # 20.00 open
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    voorschot(burger, "ZT", "150.00")
    verrekening()
    ververs(vordering)
    assert (vordering.saldo, vordering.fase) == (D("0.00"), "afgerond")
    grootboek_sluit()


def _in_verrekening(versies, *, betaald: str | None = None):
    """A burger whose 600.00 vordering is in verrekening, with these ZT voorschot versions
    for 2026 ((dagtekening, ingangsmaand, maandbedrag)), after paying ``betaald``."""
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=DAGTEKENING)
    if betaald:
        boek_betaling(
            burger=burger,
            bedrag=D(betaald),
            ontvangen_op=date(2026, 5, 1),
            methode="overboeking",
            referentie=f"vooraf-{burger.pk}",
        )
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    toeslagjaar(burger, "ZT", 2026, versies)
    return burger


@pytest.mark.parametrize(
    ("versies", "betaald", "verwacht"),
    [
        # from July the voorschot is 30.00: only 10.00 above the minimum payout
        ([("2025-12-01", 1, "150.00"), ("2026-06-05", 7, "30.00")], None,
         ("gewijzigd", "25.00", "10.00", "565.00")),
        # from July no voorschot: nothing can be withheld, 575.00 stays open
        ([("2025-12-01", 1, "150.00"), ("2026-06-05", 7, "0.00")], None,
         ("stopt", "25.00", "0.00", "575.00")),
        # 50.00 left before June: June and July each take 25.00, July is the last
        ([("2025-12-01", 1, "150.00")], "550.00", ("laatste", "25.00", "25.00", "0.00")),
    ],
)  # fmt: skip
def test_a_change_in_next_months_offset_is_told_in_advance(versies, betaald, verwacht):
    burger = _in_verrekening(versies, betaald=betaald)
    verrekening("2026-06")
    event = Event.objects.get(burger=burger, soort="verrekening_gewijzigd")
    data = event.data
    assert (data["soort"], data["was"], data["wordt"], data["resteert"]) == verwacht
    assert data["maand"] == "2026-07-01" and event.tijdstip.date() <= date(2026, 6, 30)
    brief = Document.objects.get(burger=burger, soort="verrekening_gewijzigd", event=event)
    with translation.override("nl"):
        tekst = brief_html(brief)
    assert "juli 2026" in tekst
    voor = tel_alles()
    verrekening("2026-06")  # running the month again tells nothing twice
    assert tel_alles() == voor


def test_the_same_amount_next_month_needs_no_letter():
    burger = _in_verrekening([("2025-12-01", 1, "150.00")])
    verrekening("2026-06")
    assert Verrekening.objects.filter(burger=burger).count() == 1
    assert not Event.objects.filter(burger=burger, soort="verrekening_gewijzigd").exists()


def test_the_advance_notice_reaches_the_timeline_and_the_inbox(client):
    burger = _in_verrekening([("2025-12-01", 1, "150.00"), ("2026-06-05", 7, "0.00")])
    verrekening("2026-06")
    burger.user.taal = "en"
    burger.user.save()
    client.force_login(burger.user)
    with clock.vast_op(date(2026, 6, 25)):
        tijdlijn = client.get(reverse("citizen:tijdlijn"))
        berichten = client.get(reverse("citizen:berichten"))
    assert "from July 2026 we can no longer deduct from your allowance" in tijdlijn.content.decode()
    assert "575.00 is still open: pay it or ask for a payment plan before 1 July 2026" in (
        berichten.content.decode()
    )


# --- idempotency -------------------------------------------------------------------


def test_running_a_day_and_a_month_twice_changes_nothing():
    burger = BurgerFactory()
    a = maak_vordering(burger, dagtekening=DAGTEKENING)
    b = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    Vordering.objects.filter(pk=b.pk).update(fase="verrekening")
    voorschot(b.burger, "ZT", "150.00")
    dag = VERVALDATUM + timedelta(days=1)
    dag_escalatie(dag)
    verrekening()
    voor = tel_alles()
    tweede = dag_escalatie(dag)
    verrekening()
    assert tel_alles() == voor
    assert Verwerking.objects.filter(soort="verrekening").first().uitkomsten == {"al_verrekend": 1}
    assert tweede.uitkomsten == {"herinnering_loopt": 1, "verrekening_loopt": 1}
    ververs(a)
    assert a.fase == "herinnering"
    grootboek_sluit()


def test_runs_are_split_into_chunks_that_together_cover_everyone(settings):
    settings.ENGINE_DEEL_GROOTTE = 2
    vorderingen = [maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING) for _ in range(7)]
    run = dag_escalatie(VERVALDATUM + timedelta(days=1))
    assert run.aantal_delen >= 3 and run.verwerkt == 7
    assert run.delen.filter(status="klaar").count() == run.aantal_delen
    assert {v.fase for v in Vordering.objects.filter(pk__in=[v.pk for v in vorderingen])} == {
        "herinnering"
    }


def test_a_chunk_runs_without_cyclic_garbage_collection_and_turns_it_back_on(monkeypatch):
    import gc

    from invordering.services import escalatie_run

    tijdens = []
    echt = escalatie_run.escaleer_burgers

    def kijk(*args, **kwargs):
        tijdens.append(gc.isenabled())
        return echt(*args, **kwargs)

    monkeypatch.setattr(escalatie_run, "escaleer_burgers", kijk)
    maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    dag_escalatie(VERVALDATUM + timedelta(days=1))
    assert tijdens == [False]
    assert gc.isenabled()


@pytest.mark.django_db(transaction=True)  # a chunk's own transaction, not a savepoint
def test_a_chunk_prices_index_reads_as_in_memory_and_only_for_its_own_transaction(
    monkeypatch,
):
    from django.db import connection

    from invordering.services import escalatie_run

    def instelling() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            return cursor.fetchone()[0]

    tijdens = []
    echt = escalatie_run.escaleer_burgers

    def kijk(*args, **kwargs):
        tijdens.append(instelling())
        return echt(*args, **kwargs)

    monkeypatch.setattr(escalatie_run, "escaleer_burgers", kijk)
    maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    buiten = instelling()
    dag_escalatie(VERVALDATUM + timedelta(days=1))
    assert tijdens == ["1.1"]
    assert buiten != "1.1" and instelling() == buiten


# --- bad input ------------------------------------------------------------------------


def test_a_negative_term_refuses_the_run_with_a_plain_message_and_writes_nothing():
    maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    zet("doel", "herinnering_termijn_dagen", "-3", ingang=date(2026, 1, 1))
    voor = tel_alles()
    with translation.override("en"), pytest.raises(VerwerkingGeweigerd) as fout:
        dag_escalatie(VERVALDATUM + timedelta(days=1))
    assert "Nothing was changed" in str(fout.value)
    assert "days to act after a reminder" in str(fout.value)
    assert tel_alles() == voor and not Verwerking.objects.exists()


def test_no_norm_for_the_year_refuses_the_run():
    Beleidsparameter.objects.filter(sleutel="bijstandsnorm_alleenstaand").delete()
    zet("doel", "bijstandsnorm_alleenstaand", "1401.00", ingang=date(2027, 1, 1))
    with translation.override("en"), pytest.raises(CommandError) as fout:
        call_command("run_escalatie", datum="2026-11-20")
    assert "social assistance norm: single" in str(fout.value)
    assert "has no value on 2026-11-20" in str(fout.value)
    assert not Verwerking.objects.exists()


def test_an_impossible_verrekendag_refuses_the_run():
    zet("doel", "verrekendag", "31")
    with translation.override("en"), pytest.raises(VerwerkingGeweigerd, match="from 1 to 28"):
        dag_escalatie(date(2026, 6, 1))


@pytest.mark.parametrize(
    ("commando", "opties", "tekst"),
    [
        ("run_escalatie", {"datum": "20-11-2026"}, "use YYYY-MM-DD"),
        ("run_verrekening", {"maand": "2026-13"}, "use YYYY-MM"),
    ],
)
def test_commands_explain_bad_dates(commando, opties, tekst):
    with pytest.raises(CommandError, match=tekst):
        call_command(commando, **opties)


# --- the demo moves ------------------------------------------------------------------


def test_catching_up_runs_every_missed_day_in_order_with_the_verrekening_on_its_day(demo):
    from invordering.services.verwerking import haal_in

    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    clock.zet_datum(VERVALDATUM)
    haal_in(via_workers=False, door="test")  # the first run: today only
    clock.zet_datum(VERVALDATUM + timedelta(days=60))  # what `klok --verschuif 60d` does
    runs = haal_in(via_workers=False, door="test")
    dagen = [r.dag for r in runs if r.soort == "escalatie"]
    assert dagen == [VERVALDATUM + timedelta(days=i) for i in range(1, 61)]
    assert [r.dag for r in runs if r.soort == "verrekening"] == [
        date(2026, 4, 20),
        date(2026, 5, 20),
    ]
    ververs(vordering)
    assert vordering.fase == "dwangbevel"  # reminder, a call, a notice, then the writ
    soorten = set(Event.objects.filter(vordering=vordering).values_list("soort", flat=True))
    assert {"herinnering", "contactverzoek", "aanmaning", "dwangbevel"} <= soorten
    assert haal_in(via_workers=False, door="test") == []  # up to date: nothing more


def test_moving_the_demo_clock_asks_the_worker_to_catch_up(demo, monkeypatch):
    gevraagd = []
    monkeypatch.setattr("invordering.tasks.engines_inhalen.delay", lambda: gevraagd.append(1))
    call_command("klok", verschuif="30d", stdout=io.StringIO())
    assert gevraagd == [1]


# --- what the burger and staff get ---------------------------------------------------


def test_every_step_mails_that_a_letter_waits_without_its_contents(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.core import mail

    from invordering.tasks import stuur_melding

    monkeypatch.setattr(stuur_melding, "delay", lambda pk: stuur_melding.apply(args=[pk]))
    vordering = maak_vordering(BurgerFactory(email="ria@example.nl"), dagtekening=DAGTEKENING)
    with django_capture_on_commit_callbacks(execute=True):
        dag_escalatie(VERVALDATUM + timedelta(days=1))
    brief = Document.objects.get(vordering=vordering, soort="herinnering")
    assert brief.event.regel == "escalatie.vervaldatum_verstreken"
    assert [m.to for m in mail.outbox] == [["ria@example.nl"]]
    assert vordering.kenmerk not in mail.outbox[0].body and "600" not in mail.outbox[0].body


def test_staff_read_a_run_in_plain_words_next_to_the_beat_schedule(client):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from invordering.models import User
    from staff.groepen import BEHANDELAAR, zorg_voor_groepen

    maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    run = dag_escalatie(VERVALDATUM + timedelta(days=1))
    zorg_voor_groepen()
    medewerker = User.objects.create(username="behandelaar-run", is_staff=True)
    medewerker.groups.add(Group.objects.get(name=BEHANDELAAR))
    client.force_login(medewerker)
    lijst = client.get(reverse("admin:invordering_verwerking_changelist"))
    detail = client.get(reverse("admin:invordering_verwerking_change", args=[run.pk]))
    tekst = lijst.content.decode()
    assert "escalatie-dagelijks" in tekst and "verrekening-maandelijks" in tekst
    assert "invordering.tasks.engines_inhalen" in tekst
    with translation.override("nl"):  # the admin speaks Dutch by default
        uitleg = str(UITKOMST_TEKST["vervaldatum_verstreken"])
    assert uitleg in detail.content.decode() and uitleg != "vervaldatum_verstreken"


def test_every_reason_the_rule_can_give_has_plain_words_for_staff():
    """Run the rule over every fase and fact combination in each regime; every reason
    it gives (what an engine run counts) must have a label on the staff page."""
    from invordering.beleid import beleid_op
    from invordering.rules.escalatie import FASEN, GUARDS, Feiten, bepaal_stap

    redenen = {naam for naam, _guard in GUARDS}
    schakelaars = (
        "op_definitieve_berekening",
        "opzet_of_grove_schuld",
        "voorschot_loopt",
        "signaal_afgehandeld",
        "beslag_besloten",
    )
    for regime_ in Regime.objects.all():
        beleid = beleid_op(DAGTEKENING, regime_).escalatie()
        for fase, saldo, later in itertools.product(FASEN, (D("0"), D("100")), (0, 200)):
            for waarden in itertools.product((False, True), repeat=len(schakelaars)):
                feiten = Feiten(
                    vandaag=DAGTEKENING + timedelta(days=later),
                    fase=fase,
                    fase_sinds=DAGTEKENING,
                    vervaldatum=DAGTEKENING,
                    saldo=saldo,
                    regeling_lopend=False,
                    verzoek_in_behandeling=False,
                    pauze_actief=False,
                    bezwaar_met_uitstel=False,
                    open_maatwerk_signaal=False,
                    **dict(zip(schakelaars, waarden, strict=True)),
                )
                redenen.add(bepaal_stap(feiten, beleid).reden)
    assert len(redenen) > 25
    assert redenen <= set(UITKOMST_TEKST), redenen - set(UITKOMST_TEKST)
