"""The PBT request: steps that save and resume, a live calculation, one submit, safe uploads."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citizen.forms_pbt import Onleesbaar, lees_bedrag
from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Bijlage, Burger, Signaal, User, Verzoek
from invordering.services.bijlagen import voeg_bijlage_toe
from invordering.services.verzoeken import maak_verzoek
from tests.factories import MARK_GEGEVENS, BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db

# Mark's figures (DOMAIN.md section 8), as a person might type them.
MARK = {
    "leefsituatie": {"leefsituatie": "alleenstaand"},
    "inkomen": {"netto_inkomen": "1.960,00", "vakantiegeld_per_jaar": "1881,60"},
    "overig-inkomen": {"overig_inkomen": "408"},
    "woonlasten": {"woonlasten": "€ 575"},
    "zorgpremie": {"zorgpremie": "150.00"},
    "regelingen": {"andere_regelingen": "95"},
    "alimentatie": {"alimentatie": "0"},
    "vermogen": {"vermogen": "0"},
}
MARKS_KOSTEN = {
    "omschrijving_1": "Energy (heat network)",
    "bedrag_1": "295",
    "omschrijving_2": "Car for night shifts",
    "bedrag_2": "210",
    "omschrijving_3": "Arrangement with the bailiff",
    "bedrag_3": "145",
    "omschrijving_4": "Unforeseen",
    "bedrag_4": "50",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _omgeving(settings, tmp_path, demo):
    settings.MEDIA_ROOT = tmp_path / "media"
    with clock.vast_op(ANKER, 12):
        yield


def log_in(client, sleutel: str) -> Burger:
    """Log in as a persona, with English pages so the tests read the msgids."""
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    burger = Burger.objects.get(demo_sleutel=sleutel)
    User.objects.filter(pk=burger.user_id).update(taal="en")
    return burger


def stap(slug: str) -> str:
    return reverse("citizen:pbt_stap", args=[slug])


def concept_van(burger) -> Verzoek | None:
    return burger.verzoeken.filter(soort="pbt", status="concept").first()


def beantwoord(client, tot: str | None = None) -> None:
    """Answer Mark's steps in order (up to, not including, ``tot``)."""
    for slug, data in MARK.items():
        if slug == tot:
            return
        response = client.post(stap(slug), {**data, "actie": "verder"})
        assert response.status_code == 303, (slug, response.content.decode()[:2000])


def fout_bij(html: str, veld: str) -> str:
    """The error text shown next to a field (its id_<veld>_error paragraph)."""
    match = re.search(rf'<p class="mt-error-message" id="id_{veld}_error">(.*?)</p>', html, re.S)
    assert match, f"no error next to {veld}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def waarde_van(html: str, veld: str) -> str:
    match = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
    assert match, f"no input {veld}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


@pytest.fixture
def mark(client, wereld):
    return log_in(client, "mark")


# ---------------------------------------------------------------- amounts as people type them


@pytest.mark.parametrize(
    ("tekst", "bedrag"),
    [
        ("1.960,00", "1960.00"),
        ("1960", "1960.00"),
        ("1960.5", "1960.50"),
        ("€ 1.960", "1960.00"),
        ("1,960.00", "1960.00"),
        ("0,5", "0.50"),
        ("€1.960,-", "1960.00"),
        (" 575 ", "575.00"),
    ],
)
def test_amounts_are_read_as_people_type_them(tekst, bedrag):
    assert lees_bedrag(tekst) == Decimal(bedrag)


@pytest.mark.parametrize(
    ("tekst", "code"),
    [
        ("abc", "ongeldig"),
        ("12a", "ongeldig"),
        ("-5", "negatief"),
        ("1.9605", "decimalen"),
        ("1e5", "ongeldig"),
    ],
)
def test_unreadable_amounts_are_refused_with_a_reason(tekst, code):
    with pytest.raises(Onleesbaar) as fout:
        lees_bedrag(tekst)
    assert fout.value.code == code


# ---------------------------------------------------------------- start and resume


def test_start_goes_to_the_first_step_which_lists_the_debts(client, mark):
    response = client.get(reverse("citizen:pbt"))
    assert response.status_code == 302 and response.url == stap("leefsituatie")
    html = client.get(stap("leefsituatie")).content.decode()
    assert "<h1>What is your living situation?</h1>" in html
    assert "This request is about these debts" in html
    open_ = mark.vorderingen.exclude(fase="afgerond")
    assert open_.count() == 4
    for v in open_:
        assert v.kenmerk in html
    assert "Single: no partner and no children under 18 living with you" in html
    assert concept_van(mark) is None  # looking creates nothing


def test_marks_figures_give_395_on_the_panel(client, mark):
    beantwoord(client)
    concept = concept_van(mark)
    assert {k: concept.gegevens[k] for k in MARK_GEGEVENS} == MARK_GEGEVENS
    assert set(concept.vorderingen.all()) == set(mark.vorderingen.exclude(fase="afgerond"))
    response = client.get(reverse("citizen:pbt_controle"))
    html = response.content.decode()
    assert response.context["paneel"]["berekening"].capaciteit == Decimal("395.00")
    assert re.search(
        r"your ability to pay per month</span>\s*<span class=\"mt-amount\">€395.00", html
    )
    assert "That is your income per month" in html and "€2,524.80" in html
    assert "Check your answers" in html and "Send my request" in html


def test_every_step_saves_and_the_draft_survives_logout_and_session_expiry(client, mark):
    beantwoord(client, tot="woonlasten")
    client.post(reverse("citizen:logout"))
    Session.objects.all().delete()  # as if every session expired

    ander = Client()
    log_in(ander, "mark")
    response = ander.get(reverse("citizen:pbt"))
    assert response.url == stap("woonlasten")
    html = ander.get(stap("inkomen")).content.decode()
    assert waarde_van(html, "netto_inkomen") == "1960.00"
    assert waarde_van(html, "vakantiegeld_per_jaar") == "1881.60"
    assert 'href="/verzoeken/pbt/leefsituatie/">Back</a>' in html
    html = ander.get(stap("leefsituatie")).content.decode()
    assert re.search(
        r'<input type="radio" name="leefsituatie" value="alleenstaand"[^>]*checked', html
    )
    assert Verzoek.objects.filter(burger=mark, status="concept").count() == 1


def test_two_sessions_answering_share_one_draft(client, mark):
    ander = Client()
    log_in(ander, "mark")
    client.post(stap("leefsituatie"), {"leefsituatie": "alleenstaand", "actie": "verder"})
    ander.post(
        stap("inkomen"), {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "0", "actie": "verder"}
    )
    assert Verzoek.objects.filter(burger=mark, soort="pbt", status="concept").count() == 1
    assert concept_van(mark).gegevens["netto_inkomen"] == "1960.00"


def test_recalculate_without_javascript_saves_and_stays_on_the_step(client, mark):
    beantwoord(client, tot="woonlasten")
    response = client.post(stap("woonlasten"), {"woonlasten": "700", "actie": "herbereken"})
    assert response.status_code == 303
    assert response.url == stap("woonlasten") + "#berekening-paneel"
    assert concept_van(mark).gegevens["woonlasten"] == "700.00"
    html = client.get(stap("woonlasten")).content.decode()
    assert "Minus your rent or mortgage" in html and "€700.00" in html


def test_a_change_from_the_check_page_returns_there(client, mark):
    beantwoord(client)
    html = client.get(reverse("citizen:pbt_controle")).content.decode()
    assert 'href="/verzoeken/pbt/woonlasten/?terug=controleer"' in html
    html = client.get(stap("woonlasten") + "?terug=controleer").content.decode()
    assert 'name="terug" value="controleer"' in html and "Back to your answers" in html
    response = client.post(
        stap("woonlasten"), {"woonlasten": "600", "terug": "controleer", "actie": "verder"}
    )
    assert response.url == reverse("citizen:pbt_controle")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("getypt", "bericht"),
    [
        ("twaalf", "Enter an amount in euros, for example 1,960.00."),
        ("-1960", "Enter an amount of 0 or more, without a minus sign."),
        ("250000", "This amount looks very high. Check it: enter the amount per month."),
        ("", "Enter your net income per month. Enter 0 if you have no income."),
    ],
)
def test_a_bad_amount_gets_a_message_at_the_field_and_nothing_is_lost(
    client, mark, getypt, bericht
):
    beantwoord(client, tot="inkomen")
    voor = dict(concept_van(mark).gegevens)
    response = client.post(
        stap("inkomen"),
        {"netto_inkomen": getypt, "vakantiegeld_per_jaar": "1881,60", "actie": "verder"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert fout_bij(html, "netto_inkomen") == f"Error: {bericht}"
    assert '<div class="mt-error-summary"' in html and "<title>Error:" in html
    assert waarde_van(html, "netto_inkomen") == getypt
    assert waarde_van(html, "vakantiegeld_per_jaar") == "1881,60"
    assert concept_van(mark).gegevens == voor  # nothing invalid saved, earlier answers untouched


def test_the_example_in_the_message_follows_the_language(client, mark):
    User.objects.filter(pk=mark.user_id).update(taal="nl")
    response = client.post(stap("inkomen"), {"netto_inkomen": "veel", "vakantiegeld_per_jaar": "0"})
    assert "1.960,00" in fout_bij(response.content.decode(), "netto_inkomen")


def test_a_low_ability_to_pay_shows_36_months_the_end_date_and_the_waived_rest(client, mark):
    beantwoord(client)
    response = client.post(stap("woonlasten"), {"woonlasten": "900", "actie": "herbereken"})
    html = client.get(response.url).content.decode()
    # 2524.80 - 1145.00 - 1211.00 = 168.80; 80% = 135.04 -> 135.00; 36 x 135.00 = 4860.00.
    assert "You pay €135.00 a month, for 36 months." in html
    assert "After 36 months, €3,720.50 would still be open." in html
    assert "we waive it" in html
    assert "Your last payment would be on 16 November 2029." in html


def test_holiday_pay_may_be_high_per_year_but_not_absurd(client, mark):
    beantwoord(client, tot="inkomen")
    response = client.post(
        stap("inkomen"),
        {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "2500000", "actie": "verder"},
    )
    assert "enter the amount for a whole year" in fout_bij(
        response.content.decode(), "vakantiegeld_per_jaar"
    )
    response = client.post(
        stap("inkomen"),
        {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "150000", "actie": "verder"},
    )
    assert response.status_code == 303


def test_a_missing_living_situation_is_asked_for(client, mark):
    response = client.post(stap("leefsituatie"), {"actie": "verder"})
    html = response.content.decode()
    assert "Choose the living situation that fits you." in html
    assert 'href="#id_leefsituatie_0"' in html  # the summary links to the first radio
    assert concept_van(mark) is None


def test_the_savings_step_names_the_exempted_amount(client, mark):
    from invordering.beleid import beleid_op
    from invordering.templatetags.invordering import euro

    html = client.get(stap("vermogen")).content.decode()
    vrij = beleid_op(clock.today()).vrijgesteld_vermogen
    assert f"You may keep {euro(vrij)}" in html


# ---------------------------------------------------------------- own budget


def test_ticking_i_cannot_pay_needs_a_reason_and_keeps_the_rows(client, mark):
    beantwoord(client)
    voor = dict(concept_van(mark).gegevens)
    response = client.post(
        stap("eigen-begroting"), {**MARKS_KOSTEN, "kan_niet_betalen": "on", "actie": "verder"}
    )
    html = response.content.decode()
    assert (
        fout_bij(html, "reden_niet_betalen")
        == "Error: Tell us why you cannot pay this. A few words are enough."
    )
    assert waarde_van(html, "omschrijving_1") == "Energy (heat network)"
    assert waarde_van(html, "bedrag_3") == "145"
    assert re.search(r'<input type="checkbox" name="kan_niet_betalen"[^>]*checked', html)
    assert concept_van(mark).gegevens == voor


def test_a_reason_without_the_box_ticked_is_fine(client, mark):
    beantwoord(client)
    response = client.post(
        stap("eigen-begroting"),
        {**MARKS_KOSTEN, "reden_niet_betalen": "Energy is expensive.", "actie": "verder"},
    )
    assert response.status_code == 303 and response.url == stap("bewijs")
    gegevens = concept_van(mark).gegevens
    assert gegevens["kan_niet_betalen"] is False
    assert gegevens["eigen_begroting"][0] == {
        "omschrijving": "Energy (heat network)",
        "bedrag": "295.00",
    }
    assert len(gegevens["eigen_begroting"]) == 4


def test_a_cost_row_needs_both_what_and_how_much(client, mark):
    beantwoord(client)
    response = client.post(
        stap("eigen-begroting"), {"omschrijving_1": "Energy", "bedrag_2": "40", "actie": "verder"}
    )
    html = response.content.decode()
    assert fout_bij(html, "bedrag_1") == "Error: Enter the amount per month for this cost."
    assert fout_bij(html, "omschrijving_2") == "Error: Write in a few words what this cost is for."


def test_the_own_budget_is_shown_next_to_the_formula(client, mark):
    beantwoord(client)
    client.post(stap("eigen-begroting"), {**MARKS_KOSTEN, "actie": "verder"})
    html = client.get(reverse("citizen:pbt_controle")).content.decode()
    # 2524.80 income; 820.00 formula costs + 700.00 own costs = 1520.00; 1004.80 left.
    assert (
        "Your own budget: income €2,524.80 minus your real costs €1,520.00 leaves €1,004.80."
        in html
    )
    voorstel = client.get(reverse("citizen:pbt_controle")).context["paneel"]["voorstel"]
    rest = Decimal("1004.80") - voorstel.termijnbedrag
    assert (
        f"With the plan of €{voorstel.termijnbedrag:,.2f} a month, you keep €{rest:,.2f}." in html
    )
    assert "These are your own figures." in html


# ---------------------------------------------------------------- live calculation (htmx)


def test_the_live_panel_returns_only_the_partial_and_saves_nothing(client, mark):
    beantwoord(client)
    voor = dict(concept_van(mark).gegevens)
    response = client.post(
        reverse("citizen:pbt_berekening"),
        {"stap": "woonlasten", "woonlasten": "475,00"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html and 'id="berekening"' not in html
    assert "What you can pay, step by step" in html
    # 100.00 less rent: 80% of 593.80 = 475.04 -> 475.00.
    assert response.context["paneel"]["berekening"].capaciteit == Decimal("475.00")
    assert "€475.00" in html
    assert concept_van(mark).gegevens == voor


def test_the_live_panel_counts_unanswered_amounts_as_zero_and_says_so(client, mark):
    response = client.post(
        reverse("citizen:pbt_berekening"),
        {"stap": "leefsituatie", "leefsituatie": "alleenstaand"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Not answered yet: net income per month" in html
    assert "We count these as €0.00 for now." in html
    assert concept_van(mark) is None


def test_the_live_panel_keeps_the_saved_answer_for_a_half_typed_amount(client, mark):
    beantwoord(client)
    response = client.post(
        reverse("citizen:pbt_berekening"),
        {"stap": "woonlasten", "woonlasten": "57x"},
        headers={"HX-Request": "true"},
    )
    assert response.context["paneel"]["berekening"].capaciteit == Decimal("395.00")
    assert "We cannot read one of the amounts you typed yet." in response.content.decode()


def test_step_pages_carry_the_live_calculation_wiring(client, mark):
    html = client.get(stap("inkomen")).content.decode()
    assert 'hx-post="/verzoeken/pbt/berekening/"' in html
    assert 'hx-target="#berekening"' in html
    assert '<div id="berekening" aria-live="polite">' in html
    assert ">Recalculate</button>" in html and ">Save and continue</button>" in html


# ---------------------------------------------------------------- submit


def test_submit_creates_one_submitted_request_and_a_double_submit_no_second(client, mark):
    beantwoord(client)
    concept = concept_van(mark)
    voor = Verzoek.objects.filter(burger=mark).count()
    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert response.status_code == 303
    assert response.url == reverse("citizen:verzoek", args=[concept.pk])
    concept.refresh_from_db()
    assert concept.status == "ingediend" and concept.beslistermijn is not None
    assert set(concept.vorderingen.all()) == set(mark.vorderingen.exclude(fase="afgerond"))

    again = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert again.status_code == 303
    assert again.url == reverse("citizen:verzoek", args=[concept.pk])
    assert Verzoek.objects.filter(burger=mark).count() == voor
    assert Verzoek.objects.filter(burger=mark, soort="pbt", status="ingediend").count() == 1
    berichten = [str(m) for m in again.wsgi_request._messages]
    assert any("You already sent this request" in m for m in berichten)


def test_a_stale_step_form_after_submit_starts_no_new_draft(client, mark):
    beantwoord(client)
    concept = concept_van(mark)
    client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    response = client.post(
        stap("woonlasten"), {"woonlasten": "600", "verzoek": concept.pk, "actie": "verder"}
    )
    assert response.url == reverse("citizen:verzoek", args=[concept.pk])
    assert concept_van(mark) is None


def test_submit_with_missing_answers_names_them_with_links(client, mark):
    beantwoord(client, tot="zorgpremie")
    concept = concept_van(mark)
    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert (
        'href="/verzoeken/pbt/zorgpremie/?terug=controleer">Answer the question “What do you pay for health insurance?”'
        in html
    )
    assert "Do you have savings?" in html
    concept.refresh_from_db()
    assert concept.status == "concept"


def test_i_cannot_pay_this_becomes_a_maatwerk_signal(client, mark):
    beantwoord(client)
    client.post(
        stap("eigen-begroting"),
        {
            **MARKS_KOSTEN,
            "kan_niet_betalen": "on",
            "reden_niet_betalen": "Energy and my car eat it all.",
            "actie": "verder",
        },
    )
    voor = Signaal.objects.filter(burger=mark, soort="maatwerk").count()
    concept = concept_van(mark)
    html = client.get(reverse("citizen:pbt_controle")).content.decode()
    assert "You told us: “I cannot pay this.”" in html
    client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    signalen = Signaal.objects.filter(burger=mark, soort="maatwerk")
    assert signalen.count() == voor + 1
    assert signalen.order_by("-pk").first().toelichting == "Energy and my car eat it all."


def test_a_pending_pbt_is_shown_instead_of_a_new_draft(client, wereld):
    jansen = log_in(client, "jansen")
    lopend = jansen.verzoeken.get(soort="pbt", status="ingediend")
    for adres in (reverse("citizen:pbt"), stap("inkomen"), reverse("citizen:pbt_controle")):
        response = client.get(adres)
        assert response.status_code == 302 and response.url == reverse(
            "citizen:verzoek", args=[lopend.pk]
        )
    response = client.post(stap("leefsituatie"), {"leefsituatie": "samenwonend", "actie": "verder"})
    assert response.url == reverse("citizen:verzoek", args=[lopend.pk])
    assert concept_van(jansen) is None


def test_without_open_debts_there_is_nothing_to_plan(client, wereld):
    log_in(client, "linda")
    response = client.get(reverse("citizen:pbt"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>You have no debts to make a plan for</h1>" in html
    assert 'href="/overzicht/"' in html or reverse("citizen:overzicht") in html


# ---------------------------------------------------------------- uploads


def upload(client, inhoud: bytes, naam: str = "loonstrook.png", omschrijving: str = "Payslip"):
    return client.post(
        reverse("citizen:pbt_bijlage"),
        {"bestand": SimpleUploadedFile(naam, inhoud), "omschrijving": omschrijving},
    )


def test_a_proof_file_is_added_listed_and_removed(client, mark):
    beantwoord(client)
    response = upload(client, PNG)
    assert response.status_code == 303 and response.url == stap("bewijs")
    bijlage = Bijlage.objects.get(verzoek=concept_van(mark))
    assert (bijlage.naam, bijlage.soort, bijlage.omschrijving) == (
        "loonstrook.png",
        "image/png",
        "Payslip",
    )
    html = client.get(stap("bewijs")).content.decode()
    assert "loonstrook.png" in html and "(PNG, 72\xa0bytes): Payslip" in html
    assert reverse("citizen:bijlage", args=[bijlage.verzoek_id, bijlage.pk]) in html
    assert 'Remove<span class="visually-hidden"> loonstrook.png</span>' in html
    assert "loonstrook.png" in client.get(reverse("citizen:pbt_controle")).content.decode()

    response = client.post(reverse("citizen:pbt_bijlage_verwijderen", args=[bijlage.pk]))
    assert response.status_code == 303
    assert not Bijlage.objects.filter(pk=bijlage.pk).exists()


def test_a_removal_too_large_to_read_keeps_the_file(client, mark, settings):
    # Found by tests/test_fuzz.py: the file was removed first and the form read after, so
    # the 400 page ("nothing was saved") came with the file gone.
    beantwoord(client)
    upload(client, PNG)
    bijlage = Bijlage.objects.get(verzoek=concept_van(mark))
    te_groot = {"terug": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = client.post(reverse("citizen:pbt_bijlage_verwijderen", args=[bijlage.pk]), te_groot)
    assert response.status_code == 400
    assert Bijlage.objects.filter(pk=bijlage.pk).exists()


@pytest.mark.parametrize(
    ("inhoud", "naam", "bericht"),
    [
        (
            b"Dit is geen PDF maar gewone tekst.",
            "bewijs.pdf",
            "We can only accept a PDF, JPG or PNG file.",
        ),
        (b"", "leeg.png", "This file is empty. Choose another file."),
        (
            PNG + b"\x00" * (1024 * 1024),
            "groot.png",
            "This file is too large. Send a file of at most 1 MB",
        ),
    ],
)
def test_a_bad_upload_gets_a_plain_message_at_the_file_field(
    client, mark, settings, inhoud, naam, bericht
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    beantwoord(client)
    voor = dict(concept_van(mark).gegevens)
    response = upload(client, inhoud, naam=naam, omschrijving="Energy bill")
    html = response.content.decode()
    assert response.status_code == 200
    assert bericht in fout_bij(html, "bestand")
    assert waarde_van(html, "omschrijving") == "Energy bill"
    assert not Bijlage.objects.filter(verzoek__burger=mark).exists()
    assert concept_van(mark).gegevens == voor


def test_choosing_no_file_is_asked_for(client, mark):
    response = client.post(reverse("citizen:pbt_bijlage"), {"omschrijving": "x"})
    assert fout_bij(response.content.decode(), "bestand") == "Error: Choose a file to add."


# ---------------------------------------------------------------- someone else's ids


@pytest.fixture
def ander_concept(wereld):
    """Another burger's draft with a file."""
    ander = BurgerFactory()
    vordering = maak_vordering(ander)
    concept = maak_verzoek(
        burger=ander, soort="pbt", vorderingen=[vordering], gegevens=dict(MARK_GEGEVENS)
    )
    bijlage = voeg_bijlage_toe(
        verzoek=concept, bestand=SimpleUploadedFile("x.png", PNG), door=ander.user
    )
    return concept, bijlage


def test_another_burgers_draft_and_file_are_not_found(client, mark, ander_concept):
    concept, bijlage = ander_concept
    assert client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk}).status_code == 404
    assert (
        client.post(stap("woonlasten"), {"woonlasten": "1", "verzoek": concept.pk}).status_code
        == 404
    )
    assert (
        client.post(reverse("citizen:pbt_bijlage_verwijderen", args=[bijlage.pk])).status_code
        == 404
    )
    assert client.get(reverse("citizen:bijlage", args=[concept.pk, bijlage.pk])).status_code == 404
    assert Bijlage.objects.filter(pk=bijlage.pk).exists()
    concept.refresh_from_db()
    assert concept.status == "concept" and concept.gegevens["woonlasten"] == "575.00"


# ---------------------------------------------------------------- language


def test_the_steps_are_in_english_after_choosing_english(client, wereld):
    User.objects.filter(burger__demo_sleutel="mark").update(taal="nl")
    client.post(reverse("citizen:demo_login", args=["mark"]))
    html = client.get(stap("inkomen")).content.decode()
    assert '<html lang="nl">' in html
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(stap("inkomen")).content.decode()
    assert '<html lang="en">' in html
    assert '<label class="mt-label" for="id_netto_inkomen">Net income per month</label>' in html
    assert "<h1>What is your income?</h1>" in html
    assert ">Overview</a>" in html  # the navigation, translated to Dutch before
