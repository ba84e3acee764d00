"""Deciding on requests from the totaalbeeld: grant (computed or adjusted), refuse, ask;
pauses only after a conversation; a request that changed meanwhile is refused; who may."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from invordering.models import (
    ActorRol,
    Document,
    DocumentSoort,
    Event,
    EventSoort,
    Pauze,
    Regeling,
    RegelingSoort,
    Termijn,
    Verzoek,
    VerzoekStatus,
)
from invordering.services.verzoeken import neem_in_behandeling
from staff.forms import lees_bedrag

pytestmark = pytest.mark.django_db


def besluit(client, verzoek, *, status=None, **velden):
    """POST the decision form of ``verzoek`` as the totaalbeeld would send it."""
    data = {f"v{verzoek.pk}-status": status or verzoek.status}
    data.update({f"v{verzoek.pk}-{naam}": waarde for naam, waarde in velden.items()})
    return client.post(reverse("staff:besluit", args=[verzoek.pk]), data)


def jansens_verzoek(persona) -> Verzoek:
    return persona("jansen").verzoeken.get(status=VerzoekStatus.INGEDIEND)


def niets_besloten(verzoek: Verzoek, status=VerzoekStatus.INGEDIEND) -> None:
    verzoek.refresh_from_db()
    assert verzoek.status == status
    assert verzoek.besloten_op is None
    assert not Regeling.objects.filter(verzoek=verzoek).exists()
    assert not Event.objects.filter(
        verzoek=verzoek,
        soort__in=[EventSoort.VERZOEK_TOEGEKEND, EventSoort.VERZOEK_AFGEWEZEN],
    ).exists()


def test_approve_jansens_plan_with_an_adjusted_amount_and_a_reason(client, als, persona):
    priya = als("behandelaar")
    verzoek = jansens_verzoek(persona)
    brieven_voor = Document.objects.filter(
        burger=verzoek.burger, soort=DocumentSoort.BESLUIT_VERZOEK
    ).count()
    response = besluit(
        client,
        verzoek,
        actie="toekennen",
        termijnbedrag="50,00",
        toelichting="Rob heeft hoge zorgkosten; 50 euro per maand is haalbaar.",
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("staff:totaalbeeld", args=[verzoek.burger_id]) + f"#verzoek-{verzoek.pk}"
    )
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.TOEGEKEND
    assert verzoek.toegekend_bedrag == Decimal("50.00")
    assert verzoek.besluit_toelichting.startswith("Rob heeft hoge zorgkosten")
    regeling = Regeling.objects.get(verzoek=verzoek)
    assert (regeling.soort, regeling.termijnbedrag) == (RegelingSoort.PBT, Decimal("50.00"))
    event = Event.objects.get(verzoek=verzoek, soort=EventSoort.VERZOEK_TOEGEKEND)
    assert (event.actor, event.actor_rol) == (priya, ActorRol.MEDEWERKER)
    assert (
        Document.objects.filter(burger=verzoek.burger, soort=DocumentSoort.BESLUIT_VERZOEK).count()
        == brieven_voor + 1
    )
    pagina = client.get(response["Location"]).content.decode()
    assert "The request is granted. The person gets a letter with the decision." in pagina
    assert "Granted monthly amount" in pagina


def test_approve_with_the_computed_outcome(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = besluit(client, verzoek, actie="toekennen", toelichting="")
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.TOEGEKEND
    # Jansen's capacity is 0 by the formula: no collection for a while, so no regeling.
    assert not Regeling.objects.filter(verzoek=verzoek).exists()


def test_an_adjusted_amount_without_a_reason_decides_nothing_and_keeps_the_amount(
    client, als, persona
):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = besluit(client, verzoek, actie="toekennen", termijnbedrag="50", toelichting=" ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write why you chose another amount. The person reads this." in html
    assert "The decision is not saved. Check the decision form." in html
    assert f'name="v{verzoek.pk}-termijnbedrag" value="50"' in html
    assert "<title>Error: " in html
    niets_besloten(verzoek)


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({}, "Choose a decision."),
        ({"actie": "afwijzen", "toelichting": ""}, "Write the reason for the refusal."),
        ({"actie": "info_vragen", "vraag": "  "}, "Write the question for the person."),
        (
            {"actie": "toekennen", "termijnbedrag": "vijftig", "toelichting": "x"},
            "Enter an amount in euros, for example 75 or 75,50.",
        ),
        (
            {"actie": "toekennen", "termijnbedrag": "0", "toelichting": "x"},
            "Enter an amount of more than 0 euros.",
        ),
    ],
)
def test_an_incomplete_decision_says_what_is_missing_and_decides_nothing(
    client, als, persona, velden, melding
):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = besluit(client, verzoek, **velden)
    assert response.status_code == 400
    assert melding in response.content.decode()
    niets_besloten(verzoek)


def test_refuse_with_a_reason(client, als, persona):
    priya = als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = besluit(
        client, verzoek, actie="afwijzen", toelichting="U heeft genoeg spaargeld om te betalen."
    )
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.AFGEWEZEN
    event = Event.objects.get(verzoek=verzoek, soort=EventSoort.VERZOEK_AFGEWEZEN)
    assert (event.actor, event.data["toelichting"]) == (
        priya,
        "U heeft genoeg spaargeld om te betalen.",
    )


def test_ask_for_more_information(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = besluit(
        client, verzoek, actie="info_vragen", vraag="Wilt u een loonstrook van oktober sturen?"
    )
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.INFO_GEVRAAGD
    assert Document.objects.filter(
        burger=verzoek.burger, soort=DocumentSoort.INFO_GEVRAAGD
    ).exists()
    pagina = client.get(reverse("staff:totaalbeeld", args=[verzoek.burger_id])).content.decode()
    assert "Wilt u een loonstrook van oktober sturen?" in pagina


def test_while_waiting_for_an_answer_only_refusing_is_offered(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    assert besluit(client, verzoek, actie="info_vragen", vraag="Loonstrook?").status_code == 302
    html = client.get(reverse("staff:totaalbeeld", args=[verzoek.burger_id])).content.decode()
    assert ">Refuse</label>" in html
    assert ">Grant</label>" not in html and ">Ask for more information</label>" not in html
    assert "We are waiting for the person's answer" in html.replace("&#x27;", "'")


def test_a_pause_without_a_recorded_conversation_is_refused_with_a_clear_message(
    client, als, open_verzoek
):
    als("behandelaar")
    verzoek = open_verzoek(
        soort="pauze",
        gegevens={
            "reden": "ziekte",
            "start": "2026-11-16",
            "eind": "2027-01-15",
            "voorstel_daarna": "Daarna een regeling.",
        },
    )
    pagina = client.get(reverse("staff:totaalbeeld", args=[verzoek.burger_id])).content.decode()
    assert "No conversation recorded since" in pagina
    response = besluit(
        client,
        verzoek,
        actie="toekennen",
        startdatum="2026-11-16",
        einddatum="2027-01-15",
        afspraken="Bellen in januari.",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Record the conversation with the person before you decide on a pause." in html
    assert "Bellen in januari." in html  # what was typed stays
    assert not Pauze.objects.filter(verzoek=verzoek).exists()
    niets_besloten(verzoek)


def test_kevins_pause_after_his_call_shifts_his_plan(client, als, persona):
    priya = als("behandelaar")
    kevin = persona("kevin")
    verzoek = kevin.verzoeken.get(status=VerzoekStatus.INGEDIEND)
    regeling = kevin.regelingen.get(status="lopend")
    open_termijnen = Termijn.objects.filter(
        regeling=regeling, vervaldatum__gte=date(2026, 11, 16), status__in=["open", "gemist"]
    )
    voor = dict(open_termijnen.values_list("pk", "vervaldatum"))
    assert voor, "Kevin has termijnen due during the pause"
    response = besluit(
        client,
        verzoek,
        actie="toekennen",
        startdatum="2026-11-16",
        einddatum="2027-02-15",
        afspraken="In februari samen één regeling afspreken.",
        toelichting="Pauze na het telefoongesprek van 10 november.",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pauze = Pauze.objects.get(verzoek=verzoek)
    assert (pauze.startdatum, pauze.einddatum) == (date(2026, 11, 16), date(2027, 2, 15))
    assert pauze.afspraken == "In februari samen één regeling afspreken."
    assert pauze.vastgelegd_door == priya
    na = dict(Termijn.objects.filter(pk__in=voor).values_list("pk", "vervaldatum"))
    assert all(na[pk] > voor[pk] for pk in voor)
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.TOEGEKEND


def test_a_pause_longer_than_the_policy_allows_is_refused(client, als, persona):
    als("behandelaar")
    verzoek = persona("kevin").verzoeken.get(status=VerzoekStatus.INGEDIEND)
    response = besluit(
        client, verzoek, actie="toekennen", startdatum="2026-11-16", einddatum="2027-06-01"
    )
    assert response.status_code == 400
    assert "A pause lasts at most 3 months." in response.content.decode()
    niets_besloten(verzoek)


@pytest.mark.parametrize("start", ["9999-12-15", "0001-01-01", "2027-06-01"])
def test_a_pause_far_from_today_is_refused_at_the_start_date(client, als, persona, start):
    # Found by tests/test_fuzz.py: a start in 9999 was a 500 (its end is past year 9999).
    als("behandelaar")
    verzoek = persona("kevin").verzoeken.get(status=VerzoekStatus.INGEDIEND)
    response = besluit(client, verzoek, actie="toekennen", startdatum=start, einddatum=start)
    assert response.status_code == 400
    assert "Choose a start date from 16-08-2026 to 16-02-2027." in response.content.decode()
    assert not Pauze.objects.filter(verzoek=verzoek).exists()
    niets_besloten(verzoek)


def test_bundling_is_granted_as_one_combined_plan(client, als, open_verzoek):
    als("behandelaar")
    verzoek = open_verzoek(soort="bundeling", gegevens={}, aantal_schulden=2)
    pagina = client.get(reverse("staff:totaalbeeld", args=[verzoek.burger_id])).content.decode()
    assert "One plan for these debts" in pagina
    response = besluit(client, verzoek, actie="toekennen")
    assert response.status_code == 302
    regeling = Regeling.objects.get(verzoek=verzoek)
    assert regeling.soort == RegelingSoort.GEBUNDELD
    assert regeling.vorderingen.count() == 2


def test_a_decision_on_a_request_that_changed_meanwhile_is_refused(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    getoond = verzoek.status
    collega = persona("jansen").verzoeken.get(pk=verzoek.pk)
    from invordering.models import User

    neem_in_behandeling(collega, medewerker=User.objects.get(username="coordinator"))
    response = besluit(
        client,
        verzoek,
        status=getoond,
        actie="toekennen",
        termijnbedrag="40",
        toelichting="Haalbaar bedrag.",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert (
        "This request was changed by someone else while you were looking at it. Reload the "
        "page to see the latest state."
    ) in html
    assert 'value="Haalbaar bedrag.' in html or "Haalbaar bedrag.</textarea>" in html
    niets_besloten(verzoek, status=VerzoekStatus.IN_BEHANDELING)
    # The page now shows the request as it is, so a second, informed try goes through.
    assert f'name="v{verzoek.pk}-status" value="in_behandeling"' in html


def test_a_decision_on_a_request_someone_else_decided_is_refused(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    Verzoek.objects.filter(pk=verzoek.pk).update(status=VerzoekStatus.AFGEWEZEN)
    response = besluit(client, verzoek, status="ingediend", actie="toekennen")
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert not Regeling.objects.filter(verzoek=verzoek).exists()


def test_assign_to_me_takes_the_request_in_handling(client, als, persona):
    priya = als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = client.post(
        reverse("staff:in_behandeling", args=[verzoek.pk]), {"status": "ingediend"}, follow=True
    )
    assert "You now handle this request." in response.content.decode()
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.behandelaar) == (VerzoekStatus.IN_BEHANDELING, priya)
    again = client.post(
        reverse("staff:in_behandeling", args=[verzoek.pk]), {"status": "ingediend"}, follow=True
    )
    assert "changed by someone else" in again.content.decode()


def test_personal_guidance_may_not_decide(client, als, persona):
    als("begeleiding")
    verzoek = jansens_verzoek(persona)
    response = besluit(client, verzoek, actie="afwijzen", toelichting="Nee.")
    assert response.status_code == 403
    assert client.post(reverse("staff:in_behandeling", args=[verzoek.pk])).status_code == 403
    niets_besloten(verzoek)


def test_the_coordinator_may_decide(client, als, persona):
    als("coordinator")
    verzoek = jansens_verzoek(persona)
    assert besluit(client, verzoek, actie="afwijzen", toelichting="Nee.").status_code == 302


def test_someone_not_logged_in_goes_to_the_admin_login(client, wereld, persona):
    verzoek = jansens_verzoek(persona)
    response = besluit(client, verzoek, actie="afwijzen", toelichting="Nee.")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    niets_besloten(verzoek)


def test_unknown_and_draft_requests_are_not_found(client, als, persona, open_verzoek):
    als("behandelaar")
    assert client.post(reverse("staff:besluit", args=[999999]), {}).status_code == 404
    assert client.post(reverse("staff:in_behandeling", args=[999999]), {}).status_code == 404
    verzoek = open_verzoek()
    Verzoek.objects.filter(pk=verzoek.pk).update(status=VerzoekStatus.CONCEPT)
    assert besluit(client, verzoek, status="concept", actie="afwijzen").status_code == 404


def test_get_on_the_decision_url_goes_to_the_form_on_the_full_picture(client, als, persona):
    als("behandelaar")
    verzoek = jansens_verzoek(persona)
    response = client.get(reverse("staff:besluit", args=[verzoek.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#verzoek-{verzoek.pk}")


@pytest.mark.parametrize(
    ("tekst", "bedrag"),
    [
        ("75", Decimal("75.00")),
        ("75,5", Decimal("75.50")),
        ("75.50", Decimal("75.50")),
        ("€ 75,50", Decimal("75.50")),
        ("1.000,00", None),
        ("-5", None),
        ("", None),
    ],
)
def test_amounts_read_a_comma_or_a_point_as_the_decimal_sign(tekst, bedrag):
    assert lees_bedrag(tekst) == bedrag
