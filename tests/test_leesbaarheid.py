"""Plain language: the Dutch of every letter and every explanation is B1 (Flesch-Douma).

Flesch-Douma (textstat with language "nl") scores Dutch text from 0 (very hard) to 100
(very easy). We hold every letter and every explanation to at least 60, about B1: short
sentences with common words. Numbers, dates and references are left out of the count.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from citizen.woordenlijst import WOORDEN
from invordering import clock
from invordering.beleid import beleid_op
from invordering.demo.bouw import toeslagjaar
from invordering.demo.personas import PERSONAS
from invordering.documents import brief_html
from invordering.models import (
    Burger,
    Document,
    DocumentSoort,
    Reden,
    Regime,
    Signaal,
    ToeslagSoort,
    VerzoekSoort,
    Vordering,
)
from invordering.services.betalingen import betaal_nu
from invordering.services.escalatie import escaleer
from invordering.services.overzicht_pdf import maak_overzicht_document
from invordering.services.regelingen import start_standaardregeling, trek_regeling_in
from invordering.services.verrekening_run import verreken_burgers
from invordering.services.verzoeken import dien_in, maak_verzoek, vraag_info
from tests.factories import BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db
DREMPEL = 60


class Zinnen(HTMLParser):
    """Collect the text of paragraphs and list items (the prose, not tables or headings)."""

    PROZA = {"p", "li", "dd"}

    def __init__(self):
        super().__init__()
        self.diepte = 0
        self.delen: list[str] = []
        self.huidig: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.PROZA:
            self.diepte += 1

    def handle_endtag(self, tag):
        if tag in self.PROZA and self.diepte:
            self.diepte -= 1
            if not self.diepte:
                self.delen.append(" ".join(self.huidig))
                self.huidig = []

    def handle_data(self, data):
        if self.diepte:
            self.huidig.append(data)


def proza(html: str) -> str:
    parser = Zinnen()
    parser.feed(re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S))
    tekst = " ".join(deel for deel in parser.delen if len(deel.split()) >= 4)
    # Amounts, dates, references and e-mail addresses are not words a reader has to parse.
    # (A sentence's full stop after an amount stays, so sentences keep their length.)
    tekst = re.sub(r"€\s?\d[\d.]*(,\d\d)?|\b\d([\d.,/-]*\d)?\b|[A-Z]{2,}-[\w-]+|\S+@\S+", "", tekst)
    return " ".join(tekst.split())


def score(tekst: str) -> float:
    """Flesch-Douma, with the names of the schemes left out like other names.

    "kinderopvangtoeslag" or "persoonlijke betalingsregeling" are the official names a
    reader needs and knows from their letters; every page explains them in its glossary.
    """
    textstat.set_lang("nl")
    with translation.override("nl"):
        namen = sorted(
            (str(label) for label in (*ToeslagSoort.labels, *VerzoekSoort.labels)),
            key=len,
            reverse=True,
        )
    for naam in namen:
        tekst = re.sub(re.escape(naam), "", tekst, flags=re.IGNORECASE)
    return textstat.flesch_reading_ease(tekst)


def test_the_measure_tells_plain_from_legal_dutch():
    assert score("U moet een deel van uw toeslag terugbetalen. U kreeg te veel voorschot.") > 80
    assert (
        score(
            "Indien de belanghebbende niet binnen de gestelde termijn tot betaling overgaat, zal de "
            "ontvanger overgaan tot invorderingsmaatregelen overeenkomstig de Invorderingswet."
        )
        < 30
    )


def _in_de_wereld_of_gemaakt(soort: str) -> Document:
    """A letter of this kind: from the demo world, or made here through the services."""
    document = Document.objects.filter(soort=soort, taal="nl").first()
    if document is not None:
        return document
    burger = BurgerFactory()
    if soort in ("aanmaning", "dwangbevel", "beslag"):
        _escaleer_tot_beslag(burger)
    elif soort == "regeling_ingetrokken":
        _trek_regeling_in(burger)
    elif soort == "betaalbevestiging":
        vordering = maak_vordering(burger)
        betaal_nu(
            burger=burger,
            bedrag=vordering.saldo,
            referentie="lees-1",
            vordering=vordering,
            actor=burger.user,
            actor_rol="burger",
        )
    elif soort == "info_gevraagd":
        verzoek = maak_verzoek(
            burger=burger, soort="pbt", vorderingen=[maak_vordering(burger)], gegevens={}
        )
        dien_in(verzoek)
        vraag_info(
            verzoek, medewerker=UserFactory(is_staff=True), vraag="Stuur uw laatste loonstrook."
        )
    elif soort == "verrekening_gewijzigd":
        _verrekening_stopt(burger)
    elif soort == "overzicht":
        maak_vordering(burger)
        maak_overzicht_document(burger=burger)
    return Document.objects.get(soort=soort, burger=burger)


def _escaleer_tot_beslag(burger) -> None:
    Regime.objects.update(actief=False)
    Regime.objects.filter(code="historisch-2022").update(actief=True)
    vordering = maak_vordering(burger, dagtekening=date(2026, 1, 2))
    for dagen in (1, 16, 31, 46):
        vordering.refresh_from_db()
        escaleer(vordering, dag=vordering.vervaldatum + timedelta(days=dagen))
    besluit = Signaal.objects.get(vorderingen=vordering, soort="beslag_besluit")
    besluit.uitkomst = "beslag"
    besluit.save()
    vordering.refresh_from_db()
    escaleer(vordering, dag=vordering.vervaldatum + timedelta(days=47))


def _verrekening_stopt(burger) -> None:
    """June's verrekening, with no voorschot from July: the letter tells it in advance."""
    vordering = maak_vordering(burger)
    Vordering.objects.filter(pk=vordering.pk).update(fase="verrekening")
    toeslagjaar(burger, "ZT", 2026, [("2025-12-01", 1, "150.00"), ("2026-06-05", 7, "0.00")])
    dag = date(2026, 6, 20)
    with clock.vast_op(dag):
        verreken_burgers({"pk": burger.pk}, maand=dag, dag=dag, beleid=beleid_op(dag))


def _trek_regeling_in(burger) -> None:
    vordering = maak_vordering(burger)
    regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 3, 20))
    regeling.refresh_from_db()
    trek_regeling_in(regeling, dag=date(2026, 6, 1))


@pytest.mark.parametrize("soort", list(DocumentSoort.values))
def test_every_letter_is_b1(wereld, soort):
    tekst = proza(brief_html(_in_de_wereld_of_gemaakt(soort)))
    assert len(tekst.split()) > 25, tekst
    assert score(tekst) >= DREMPEL, (soort, round(score(tekst)), tekst)


def test_every_glossary_explanation_and_reason_is_b1():
    with translation.override("nl"):
        uitleg = " ".join(str(w.uitleg) for w in WOORDEN.values())
        redenen = " ".join(str(label) for label in Reden.labels)
    assert score(uitleg) >= DREMPEL, round(score(uitleg))
    assert score(redenen) >= DREMPEL, round(score(redenen))


def sectie(html: str, kop_id: str) -> str:
    start = html.index(f'aria-labelledby="{kop_id}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("sleutel", [p.sleutel for p in PERSONAS if p.rol == "burger"])
def test_every_explanation_a_persona_reads_is_b1(client, demo, wereld, sleutel):
    """What to do now, and the four parts of each debt's page."""
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    burger = Burger.objects.get(demo_sleutel=sleutel)
    stukken = [sectie(client.get(reverse("citizen:overzicht")).content.decode(), "nu-kop")]
    for vordering in burger.vorderingen.all():
        html = client.get(reverse("citizen:vordering", args=[vordering.pk])).content.decode()
        stukken += [
            sectie(html, kop) for kop in ("waarom-kop", "wat-kop", "waar-kop") if kop in html
        ]
    tekst = proza(" ".join(stukken))
    assert score(tekst) >= DREMPEL, (sleutel, round(score(tekst)), tekst[:500])


@pytest.mark.parametrize("sleutel", [p.sleutel for p in PERSONAS if p.rol == "burger"])
def test_every_timeline_sentence_is_b1(client, demo, wereld, sleutel):
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    html = client.get(reverse("citizen:tijdlijn"), {"filter": "alles"}).content.decode()
    zinnen = re.findall(r'<p class="mt-timeline__text">(.*?)</p>', html, flags=re.S)
    tekst = proza("".join(f"<p>{zin}</p>" for zin in zinnen))
    assert score(tekst) >= DREMPEL, (sleutel, round(score(tekst)), tekst[:500])


def test_the_help_block_is_b1():
    with translation.override("nl"):
        tekst = proza(render_to_string("includes/help.html"))
    assert score(tekst) >= DREMPEL, round(score(tekst))
