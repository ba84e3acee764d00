"""The totaalbeeld: every section for a person on one screen; contact; downloads; access."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invordering.models import (
    ActorRol,
    Contactmoment,
    Event,
    EventSoort,
    Machtiging,
    MachtigingStatus,
    SignaalStatus,
    User,
)
from invordering.services.bijlagen import voeg_bijlage_toe

pytestmark = pytest.mark.django_db

SECTIES = (
    "Person",
    "What the person sees first",
    "Debts",
    "Payment plans",
    "Requests",
    "Signals",
    "Conversations",
    "Mandates and helpers",
    "Letters",
    "Timeline",
    "What staff did",
)


def pagina(client, burger, **params) -> str:
    response = client.get(reverse("staff:totaalbeeld", args=[burger.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def tekst(html: str) -> str:
    """The page as text, whitespace folded, to look for sentences."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("sleutel", ["kevin", "jansen"])
def test_every_section_is_on_one_screen_with_a_table_of_contents(client, als, persona, sleutel):
    als("behandelaar")
    burger = persona(sleutel)
    html = pagina(client, burger)
    assert f"<title>Full picture: {burger.naam} | " in html
    assert html.count("<h1") == 1
    for kop in SECTIES:
        assert re.search(rf"<h2 id=\"[a-z]+-kop\">{re.escape(kop)}</h2>", html), kop
    for anker in ("persoon", "schulden", "verzoeken", "contacten", "brieven", "tijdlijn"):
        assert f'href="#{anker}"' in html and f'id="{anker}"' in html
    assert burger.bsn_gemaskeerd in html
    assert burger.bsn not in html


def test_kevin_shows_his_pause_request_call_plan_debts_letters_and_timeline(client, als, persona):
    als("behandelaar")
    kevin = persona("kevin")
    inhoud = tekst(pagina(client, kevin))
    assert "Collection pause, submitted 10 November 2026" in inhoud
    assert "Divorce or end of a relationship" in inhoud
    assert "16 November 2026 to 15 February 2027" in inhoud
    assert "Recorded: a conversation on 10 November 2026 (telephone) by Tom de Wit" in inhoud
    assert "Meneer Smit is dit jaar gescheiden en verhuisd" in inhoud  # the conversation
    assert "No reaction: call the person" in inhoud and "collection pause" in inhoud  # signal
    regeling = kevin.regelingen.get(status="lopend")
    assert regeling.kenmerk in inhoud
    for vordering in kevin.vorderingen.exclude(fase="afgerond"):
        assert vordering.kenmerk in inhoud
    assert "What happened" in inhoud and "What will happen" in inhoud
    assert "Today, 16 November 2026" in inhoud
    document = kevin.documenten.first()
    assert reverse("staff:document_pdf", args=[document.pk]) in inhoud or document.kenmerk in inhoud
    assert "5 January 2027 (50 days left)" in inhoud
    assert 'name="v' in pagina(client, kevin)  # the decision form


def test_jansen_shows_the_answers_the_calculation_her_own_budget_and_the_household(
    client, als, persona
):
    als("behandelaar")
    jansen = persona("jansen")
    html = pagina(client, jansen)
    inhoud = tekst(html)
    assert "Personal payment plan, submitted 28 September 2026" in inhoud
    assert "That is your income per month" in inhoud  # teksten/capaciteit.html
    assert "By this calculation you have nothing left to pay with now" in inhoud  # voorstel
    assert "Eigen risico en medicijnen Rob" in inhoud and "€155.00" in inhoud
    assert "Rob Jansen" in inhoud  # toeslagpartner and household
    assert "Still to pay in total: €7,800.00" in inhoud
    assert "Nothing to do: we decide on the request (personal payment plan)" in inhoud
    assert "a request is being handled" in inhoud  # why the next step waits
    assert "Leave this empty to use the calculation: no payments for now" in inhoud
    for label in ("Grant", "Refuse", "Ask for more information", "Other monthly amount in euros"):
        assert f">{label}</label>" in html, label
    assert "Save decision" in inhoud and "Assign to me" in inhoud


def test_the_cannot_pay_reason_and_uploaded_proof_are_shown_with_a_download(
    client, als, open_verzoek, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    verzoek = open_verzoek(
        gegevens={
            **_pbt(),
            "kan_niet_betalen": True,
            "reden_niet_betalen": "Mijn stadsverwarming kost 295 euro.",
        }
    )
    bijlage = voeg_bijlage_toe(
        verzoek=verzoek,
        bestand=SimpleUploadedFile("loonstrook.pdf", b"%PDF-1.4 test", "application/pdf"),
        omschrijving="Loonstrook oktober",
    )
    als("behandelaar")
    inhoud = tekst(pagina(client, verzoek.burger))
    assert "The person says: “I cannot pay this”" in inhoud
    assert "Mijn stadsverwarming kost 295 euro." in inhoud
    assert "Proof sent with the request" in inhoud
    assert "Download loonstrook.pdf : Loonstrook oktober" in inhoud
    response = client.get(reverse("staff:bijlage", args=[bijlage.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_staff_download_a_letter_as_pdf(client, als, persona):
    als("behandelaar")
    document = persona("ria").documenten.order_by("pk").first()
    response = client.get(reverse("staff:document_pdf", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_yonas_shows_the_helper_for_a_warm_handover(client, als, persona):
    als("behandelaar")
    yonas = persona("yonas")
    machtiging = yonas.machtigingen.select_related("gemachtigde").get(
        gemachtigde__naam="Ahmed Yilmaz"
    )
    inhoud = tekst(pagina(client, yonas))
    assert "Ahmed Yilmaz" in inhoud
    assert machtiging.gemachtigde.get_soort_display().capitalize() in inhoud
    if machtiging.gemachtigde.telefoon:
        assert machtiging.gemachtigde.telefoon in inhoud
    if machtiging.gemachtigde.email:
        assert machtiging.gemachtigde.email in inhoud
    intrekken = reverse("staff:machtiging_intrekken", args=[machtiging.pk])
    assert intrekken not in inhoud  # only the coördinator revokes


def test_the_coordinator_revokes_a_mandate_after_a_confirmation(client, als, persona):
    coordinator = als("coordinator")
    yonas = persona("yonas")
    machtiging = yonas.machtigingen.get(gemachtigde__naam="Ahmed Yilmaz")
    url = reverse("staff:machtiging_intrekken", args=[machtiging.pk])
    assert url in pagina(client, yonas)
    bevestiging = client.get(url)
    assert bevestiging.status_code == 200
    assert "Revoke the mandate of Ahmed Yilmaz" in bevestiging.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    machtiging.refresh_from_db()
    assert machtiging.status == MachtigingStatus.INGETROKKEN
    event = Event.objects.get(machtiging=machtiging, soort=EventSoort.MACHTIGING_INGETROKKEN)
    assert (event.actor, event.actor_rol) == (coordinator, ActorRol.MEDEWERKER)


def test_a_behandelaar_cannot_revoke_a_mandate(client, als, persona):
    als("behandelaar")
    machtiging = persona("yonas").machtigingen.get(gemachtigde__naam="Ahmed Yilmaz")
    url = reverse("staff:machtiging_intrekken", args=[machtiging.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Machtiging.objects.get(pk=machtiging.pk).status == MachtigingStatus.ACTIEF


def test_personal_guidance_records_a_call_and_handles_rias_signal(client, als, persona):
    tom = als("begeleiding")
    ria = persona("ria")
    signaal = ria.signalen.get(status=SignaalStatus.OPEN)
    html = pagina(client, ria)
    assert "Save decision" not in html  # personal guidance does not decide
    assert f'<option value="{signaal.pk}">' in html
    response = client.post(
        reverse("staff:contact", args=[ria.pk]),
        {
            "contact-kanaal": "telefoon",
            "contact-samenvatting": "Mevrouw wist niet dat ze moest betalen. Dochter helpt.",
            "contact-met_helper": "on",
            "contact-signaal": signaal.pk,
            "contact-uitkomst": "regeling",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("#contacten")
    assert "The conversation is recorded and the signal is handled." in response.content.decode()
    contact = Contactmoment.objects.get(burger=ria, medewerker=tom)
    assert contact.met_helper and contact.signaal == signaal
    signaal.refresh_from_db()
    assert (signaal.status, signaal.uitkomst) == (SignaalStatus.AFGEHANDELD, "regeling")
    for soort in (EventSoort.CONTACT, EventSoort.SIGNAAL_AFGEHANDELD):
        event = Event.objects.filter(burger=ria, soort=soort).latest("pk")
        assert (event.actor, event.actor_rol) == (tom, ActorRol.MEDEWERKER)


def test_a_conversation_without_summary_is_not_recorded_and_the_form_is_kept(client, als, persona):
    als("begeleiding")
    ria = persona("ria")
    response = client.post(
        reverse("staff:contact", args=[ria.pk]),
        {"contact-kanaal": "balie", "contact-samenvatting": "  ", "contact-uitkomst": "pbt"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Full picture: Ria Hendriks" in html
    assert "Write a short summary of the conversation." in html
    assert "Choose the signal you want to handle." in html
    assert '<option value="balie" selected>' in html
    assert not Contactmoment.objects.filter(burger=ria, kanaal="balie").exists()


def test_a_signal_handled_meanwhile_records_nothing(client, als, persona):
    from invordering.services.signalen import handel_signaal_af

    tom = als("begeleiding")
    ria = persona("ria")
    signaal = ria.signalen.get(status=SignaalStatus.OPEN)
    voor = Contactmoment.objects.filter(burger=ria).count()
    handel_signaal_af(signaal, medewerker=tom, uitkomst="doorgaan")  # a colleague, meanwhile
    response = client.post(
        reverse("staff:contact", args=[ria.pk]),
        {
            "contact-kanaal": "telefoon",
            "contact-samenvatting": "Gebeld.",
            "contact-signaal": signaal.pk,
            "contact-uitkomst": "pbt",
        },
    )
    assert response.status_code == 400
    assert "This signal is handled already." in response.content.decode()
    assert Contactmoment.objects.filter(burger=ria).count() == voor
    signaal.refresh_from_db()
    assert signaal.uitkomst == "doorgaan"


def test_the_full_picture_needs_no_more_queries_for_more_conversations_and_signals(
    client, als, open_verzoek
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from invordering.services.signalen import leg_contact_vast, maak_maatwerk_signaal

    tom = als("begeleiding")
    verzoek = open_verzoek()
    url = reverse("staff:totaalbeeld", args=[verzoek.burger_id])
    leg_contact_vast(burger=verzoek.burger, medewerker=tom, kanaal="telefoon", samenvatting="1")
    maak_maatwerk_signaal(burger=verzoek.burger, toelichting="1", vorderingen=[])
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        client.get(url)
    for nummer in range(5):
        leg_contact_vast(
            burger=verzoek.burger, medewerker=tom, kanaal="balie", samenvatting=str(nummer)
        )
        maak_maatwerk_signaal(
            burger=verzoek.burger, toelichting=str(nummer), vorderingen=verzoek.vorderingen.all()
        )
    with CaptureQueriesContext(connection) as veel:
        client.get(url)
    assert len(veel) == len(weinig)


def test_someone_not_logged_in_goes_to_the_admin_login(client, wereld, persona):
    url = reverse("staff:totaalbeeld", args=[persona("ria").pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(reverse("staff:contact", args=[persona("ria").pk]), {})
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_permission_get_403_and_unknown_ids_404(client, als, wereld, persona):
    zonder = User.objects.create_user("stagiair", password="x", is_staff=True)
    client.force_login(zonder)
    ria = persona("ria")
    assert client.get(reverse("staff:totaalbeeld", args=[ria.pk])).status_code == 403
    document = ria.documenten.first()
    assert client.get(reverse("staff:document_pdf", args=[document.pk])).status_code == 403
    zonder.user_permissions.add(Permission.objects.get(codename="view_burger"))
    assert client.get(reverse("staff:document_pdf", args=[document.pk])).status_code == 403
    assert client.post(reverse("staff:contact", args=[ria.pk]), {}).status_code == 403

    als("behandelaar")
    for naam in ("totaalbeeld", "document_pdf", "bijlage", "machtiging_intrekken"):
        assert client.get(reverse(f"staff:{naam}", args=[999999])).status_code in (403, 404)
    assert client.get(reverse("staff:totaalbeeld", args=[999999])).status_code == 404
    assert client.get(reverse("staff:document_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("staff:bijlage", args=[999999])).status_code == 404
    assert client.post(reverse("staff:contact", args=[999999]), {}).status_code == 404


def test_the_burger_admin_links_to_the_full_picture(client, als, persona):
    als("behandelaar")
    ria = persona("ria")
    html = client.get(reverse("admin:invordering_burger_changelist")).content.decode()
    assert reverse("staff:totaalbeeld", args=[ria.pk]) in html
    html = client.get(reverse("admin:invordering_burger_change", args=[ria.pk])).content.decode()
    assert reverse("staff:totaalbeeld", args=[ria.pk]) in html


def test_requests_signals_and_conversations_cannot_be_edited_around_the_services(
    client, als, persona
):
    als("coordinator")
    verzoek = persona("jansen").verzoeken.get()
    response = client.post(
        reverse("admin:invordering_verzoek_change", args=[verzoek.pk]),
        {"behandelaar": "", "besluit_toelichting": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:invordering_contactmoment_add")).status_code == 403


def _pbt() -> dict:
    from tests.staff.conftest import PBT_GEGEVENS

    return dict(PBT_GEGEVENS)


def test_each_debt_shows_why_the_daily_run_left_it_where_it_was(client, als, persona):
    from datetime import date

    from invordering.models import Wachtperiode

    als("behandelaar")
    ria = persona("ria")
    vordering = ria.vorderingen.exclude(fase="afgerond").first()
    for reden, vanaf in (
        ("verrekening_loopt", date(2026, 1, 5)),
        ("pauze_actief", date(2026, 2, 10)),
    ):
        Wachtperiode.objects.create(vordering=vordering, reden=reden, vanaf=vanaf)
    html = tekst(pagina(client, ria))
    assert f"Days the daily run did not move {vordering.kenmerk}, and why" in html
    assert "5 January 2026 9 February 2026 Waits: being offset against an advance" in html
    assert re.search(r"10 February 2026 (\d+ \w+ 2026|now) Held: collection is paused", html)
