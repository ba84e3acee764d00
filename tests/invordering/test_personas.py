"""The demo world tells each persona's story of DOMAIN.md section 8, built by the rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from invordering.demo.wereld import ANKER
from invordering.models import Burger, Helper, Machtiging, Verrekening

pytestmark = pytest.mark.django_db


def persona(sleutel: str) -> Burger:
    return Burger.objects.get(demo_sleutel=sleutel)


def test_mark_has_a_pbt_of_395_that_he_just_missed(wereld):
    mark = persona("mark")
    regeling = mark.regelingen.get(status="lopend")
    assert (regeling.soort, regeling.termijnbedrag, regeling.betalingscapaciteit) == (
        "pbt",
        Decimal("395.00"),
        Decimal("395.00"),
    )
    assert regeling.vorderingen.count() == 4
    assert [t.status for t in regeling.termijnen.order_by("nummer")[:4]] == ["betaald"] * 3 + [
        "gemist"
    ]
    assert Verrekening.objects.filter(burger=mark).exists()  # offset before the PBT


def test_sanne_pays_two_standard_plans_on_schedule(wereld):
    sanne = persona("sanne")
    regelingen = list(sanne.regelingen.all())
    assert {r.soort for r in regelingen} == {"standaard"} and len(regelingen) == 2
    for regeling in regelingen:
        achterstand = regeling.termijnen.filter(vervaldatum__lt=ANKER).exclude(status="betaald")
        assert not achterstand.exists()


def test_fatima_has_three_separate_plans_and_many_voorschot_versions(wereld):
    fatima = persona("fatima")
    assert fatima.regelingen.filter(status="lopend", soort="standaard").count() == 3
    kot = fatima.toeslagen.get(soort="KOT", jaar=2024)
    assert kot.beschikkingen.filter(soort="voorschot").count() >= 8


def test_jansen_waits_for_a_pbt_decision_within_the_beslistermijn(wereld):
    jansen = persona("jansen")
    verzoek = jansen.verzoeken.get()
    assert (verzoek.soort, verzoek.status) == ("pbt", "ingediend")
    assert verzoek.beslistermijn > ANKER
    vordering = jansen.vorderingen.get()
    assert (
        vordering.hoofdsom == Decimal("7800.00") and vordering.fase == "open"
    )  # no reminder: verzoek pending
    assert vordering.toeslagpartner is not None


def test_yonas_reads_english_and_has_three_alo_kop_repayments_and_a_helper(wereld):
    yonas = persona("yonas")
    assert yonas.taal == "en" and yonas.user.taal == "en"
    vorderingen = list(yonas.vorderingen.all())
    assert len(vorderingen) == 3 and all(v.fase == "herinnering" for v in vorderingen)
    assert sum(v.hoofdsom for v in vorderingen) == Decimal("3043.00")
    machtiging = Machtiging.objects.get(vertegenwoordigde=yonas)
    assert machtiging.gemachtigde.naam == "Ahmed Yilmaz" and machtiging.mag_verzoeken


def test_ria_went_quiet_so_staff_will_call_and_her_daughter_may_look(wereld):
    ria = persona("ria")
    vordering = ria.vorderingen.get()
    assert vordering.fase == "signaal" and vordering.hoofdsom == Decimal("640.00")
    signaal = ria.signalen.get()
    assert (
        signaal.soort == "stilgevallen"
        and signaal.status == "open"
        and signaal.contact_voor > ANKER
    )
    machtiging = Machtiging.objects.get(vertegenwoordigde=ria)
    assert machtiging.mag_inzien and not machtiging.mag_verzoeken and not machtiging.mag_betalen
    assert ria.documenten.filter(soort="herinnering").exists()


def test_kevin_missed_two_termijnen_and_asked_for_a_pause_after_a_call(wereld):
    kevin = persona("kevin")
    assert kevin.vorderingen.count() == 4
    regeling = kevin.regelingen.get()
    assert regeling.verschuivingen == 2 and regeling.status == "lopend"
    assert kevin.contacten.exists()
    verzoek = kevin.verzoeken.get()
    assert (verzoek.soort, verzoek.status, verzoek.vorderingen.count()) == ("pauze", "ingediend", 4)


def test_linda_paid_everything_and_keeps_the_proof(wereld):
    linda = persona("linda")
    assert all(v.fase == "afgerond" and v.afgerond_op.year == 2025 for v in linda.vorderingen.all())
    assert linda.documenten.filter(soort="afgerond").count() == 2


def test_helpers_have_the_clients_the_domain_describes(wereld):
    ahmed = Helper.objects.get(demo_sleutel="ahmed")
    assert ahmed.machtigingen.count() == 5
    noord = Helper.objects.get(demo_sleutel="noord")
    machtigingen = list(noord.machtigingen.all())
    assert len(machtigingen) == 12
    assert noord.organisatie.kvk_nummer and noord.organisatie.medewerkers.count() == 2
    binnenkort = [m for m in machtigingen if ANKER <= m.geldig_tot <= ANKER + timedelta(days=30)]
    assert len(binnenkort) == 2
    assert any(m.geldig_tot < ANKER for m in machtigingen)
    assert any(m.geldig_van > ANKER for m in machtigingen)
    assert Helper.objects.get(demo_sleutel="eva").soort == "informeel"


def test_staff_accounts_are_in_their_groups(wereld):
    for username, groep in (
        ("behandelaar", "Behandelaar"),
        ("begeleiding", "Persoonlijke begeleiding"),
        ("coordinator", "Coördinator"),
        ("privacy", "Privacy"),
    ):
        assert (
            Group.objects.get(name=groep).user_set.filter(username=username, is_staff=True).exists()
        )
    # The privacy officer reads the audit trail and no case file.
    rechten = Group.objects.get(name="Privacy").permissions.values_list("codename", flat=True)
    assert list(rechten) == ["view_inzage"]


def test_every_history_starts_with_voorschotten_and_every_letter_has_its_snapshot(wereld):
    for burger in Burger.objects.exclude(demo_sleutel="").exclude(
        demo_sleutel__startswith="jansen-"
    ):
        if burger.demo_sleutel.startswith("yonas-"):
            continue
        soorten = set(burger.events.values_list("soort", flat=True))
        assert {"voorschot", "definitieve_berekening", "terugvordering"} <= soorten, (
            burger.demo_sleutel
        )
        for document in burger.documenten.all():
            assert document.snapshot["burger"]["naam"] == burger.naam
    assert date(2026, 11, 16) == ANKER
