"""The audit trail on the staff side: each look by staff is one row with who, for whom,
what and from where; each staff change keeps its address; the privacy group searches it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import (
    ActorRol,
    Burger,
    Event,
    EventSoort,
    Inzage,
    PdfStatus,
    User,
    Verzoek,
    VerzoekStatus,
)
from invordering.services.events import registreer_event
from staff.views.audit import pagina_tekst
from tests.factories import BurgerFactory

pytestmark = pytest.mark.django_db

AUDIT = reverse("staff:audit")
ADRES = "198.51.100.23"


def inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "invordering_inzage"'))


def looks(user, **filters):
    return Inzage.objects.filter(user=user, **filters)


# ------------------------------------------------------------------ staff reads


def test_the_full_picture_records_one_look_with_who_whom_what_and_where(client, als, persona):
    behandelaar = als("behandelaar")
    mark = persona("mark")
    adres = reverse("staff:totaalbeeld", args=[mark.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(adres, REMOTE_ADDR=ADRES).status_code == 200
    assert inserts(queries) == 1
    look = looks(behandelaar).get()
    assert (look.burger, look.rol, look.machtiging) == (mark, ActorRol.MEDEWERKER, None)
    assert (look.pagina, look.pad, look.ip) == ("staff:totaalbeeld", adres, ADRES)
    assert look.tijdstip == clock.now()


def test_a_queue_records_one_look_per_person_on_the_page_in_one_insert(client, als):
    begeleiding = als("begeleiding")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:werkvoorraad"))
    getoond = {rij.verzoek.burger_id for rij in response.context["rijen"]}
    assert getoond and inserts(queries) == 1
    assert set(looks(begeleiding).values_list("burger_id", flat=True)) == getoond
    assert looks(begeleiding).count() == len(getoond)

    signalen = client.get(reverse("staff:signalen")).context["rijen"]
    gezien = looks(begeleiding, pagina="staff:signalen").values_list("burger_id", flat=True)
    assert sorted(gezien) == sorted({r.signaal.burger_id for r in signalen})


def test_downloads_of_a_letter_and_of_proof_are_looks(
    client, als, persona, open_verzoek, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from invordering.services.bijlagen import voeg_bijlage_toe

    settings.MEDIA_ROOT = tmp_path
    coordinator = als("coordinator")
    ria = persona("ria")
    document = ria.documenten.order_by("pk").first()
    document.pdf.save("brief.pdf", ContentFile(b"%PDF-1.4 brief"), save=False)
    document.pdf_status = PdfStatus.KLAAR
    document.save()
    verzoek = open_verzoek()
    bijlage = voeg_bijlage_toe(
        verzoek=verzoek,
        bestand=SimpleUploadedFile("loonstrook.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    assert client.get(reverse("staff:document_pdf", args=[document.pk])).status_code == 200
    assert client.get(reverse("staff:bijlage", args=[bijlage.pk])).status_code == 200
    assert looks(coordinator, pagina="staff:document_pdf").get().burger == ria
    assert looks(coordinator, pagina="staff:bijlage").get().burger == verzoek.burger


def test_mandate_pages_are_looks_but_their_changes_are_events(client, als, persona):
    coordinator = als("coordinator")
    yonas = persona("yonas")
    machtiging = yonas.machtigingen.get(gemachtigde__naam="Ahmed Yilmaz")
    intrekken = reverse("staff:machtiging_intrekken", args=[machtiging.pk])
    assert client.get(intrekken).status_code == 200
    assert client.get(reverse("staff:machtiging_registreren", args=[yonas.pk])).status_code == 200
    assert set(looks(coordinator).values_list("pagina", flat=True)) == {
        "staff:machtiging_intrekken",
        "staff:machtiging_registreren",
    }
    assert client.post(intrekken, REMOTE_ADDR=ADRES).status_code == 302
    assert looks(coordinator).count() == 2  # the revocation is a change, not another look
    event = Event.objects.get(machtiging=machtiging, soort=EventSoort.MACHTIGING_INGETROKKEN)
    assert (event.actor, event.ip) == (coordinator, ADRES)


def test_a_refused_decision_shows_the_full_picture_again_and_that_is_a_look(
    client, als, open_verzoek
):
    verzoek = open_verzoek()
    behandelaar = als("behandelaar")
    response = client.post(reverse("staff:besluit", args=[verzoek.pk]), {}, REMOTE_ADDR=ADRES)
    assert response.status_code == 400 and verzoek.burger.naam in response.content.decode()
    look = looks(behandelaar).get()
    assert (look.burger, look.pagina, look.ip) == (verzoek.burger, "staff:besluit", ADRES)


def test_nothing_is_recorded_for_a_page_that_showed_nothing(client, als, persona):
    behandelaar = als("behandelaar")
    assert client.get(reverse("staff:totaalbeeld", args=[987654321])).status_code == 404
    # Not allowed for a behandelaar: 403 before anything is read.
    yonas = persona("yonas")
    adres = reverse("staff:machtiging_registreren", args=[yonas.pk])
    assert client.get(adres).status_code == 403
    assert not looks(behandelaar).exists()


def test_the_admin_records_change_pages_and_lists_narrowed_to_people(client, als, persona):
    begeleiding = als("begeleiding")
    mark = persona("mark")
    vordering = mark.vorderingen.order_by("pk").first()
    assert client.get(reverse("admin:invordering_burger_change", args=[mark.pk])).status_code == 200
    wijzig = reverse("admin:invordering_vordering_change", args=[vordering.pk])
    assert client.get(wijzig, REMOTE_ADDR=ADRES).status_code == 200
    look = looks(begeleiding, pagina="admin:invordering_vordering_change").get()
    assert (look.burger, look.pad, look.ip) == (mark, wijzig, ADRES)
    assert looks(begeleiding, pagina="admin:invordering_burger_change").get().burger == mark

    # The whole list, or a list by status: work, not a look-up of people.
    lijst = reverse("admin:invordering_vordering_changelist")
    assert client.get(lijst).status_code == 200
    assert client.get(lijst, {"fase__exact": "herinnering"}).status_code == 200
    assert not looks(begeleiding, pagina="admin:invordering_vordering_changelist").exists()

    # Searched by BSN, or filtered to one person: a look at everyone on the page.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lijst, {"q": mark.bsn})
    assert response.status_code == 200 and inserts(queries) == 1
    gezocht = looks(begeleiding, pagina="admin:invordering_vordering_changelist")
    assert list(gezocht.values_list("burger_id", flat=True)) == [mark.pk]
    ria = persona("ria")
    client.get(reverse("admin:invordering_machtiging_changelist"), {"vertegenwoordigde": ria.pk})
    gefilterd = looks(begeleiding, pagina="admin:invordering_machtiging_changelist")
    assert list(gefilterd.values_list("burger_id", flat=True)) == [ria.pk]


def test_the_admin_records_a_history_page_and_a_delete_confirmation_as_looks(client, als, persona):
    begeleiding = als("begeleiding")
    mark = persona("mark")
    vordering = mark.vorderingen.order_by("pk").first()
    geschiedenis = reverse("admin:invordering_vordering_history", args=[vordering.pk])
    assert client.get(geschiedenis, REMOTE_ADDR=ADRES).status_code == 200
    look = looks(begeleiding, pagina="admin:invordering_vordering_history").get()
    assert (look.burger, look.pad, look.ip) == (mark, geschiedenis, ADRES)
    with translation.override("en"):
        assert pagina_tekst(look.pagina) == "staff environment: history of debt (vordering)"

    # Asking to delete lists what would go with it: the confirmation is a look.
    beheerder = User.objects.create_superuser("beheerder-audit", password="x" * 20)
    client.force_login(beheerder)
    verwijder = reverse("admin:invordering_burger_delete", args=[mark.pk])
    assert client.get(verwijder).status_code == 200
    assert looks(beheerder, pagina="admin:invordering_burger_delete").get().burger == mark
    assert Burger.objects.filter(pk=mark.pk).exists()  # looking deleted nothing


# ------------------------------------------------------------------ staff changes


def test_a_staff_change_records_the_address_it_came_from(client, als, persona):
    behandelaar = als("behandelaar")
    kevin = persona("kevin")
    response = client.post(
        reverse("staff:contact", args=[kevin.pk]),
        {"contact-kanaal": "telefoon", "contact-samenvatting": "Gebeld over de pauze."},
        REMOTE_ADDR=ADRES,
    )
    assert response.status_code == 302
    event = Event.objects.get(burger=kevin, soort=EventSoort.CONTACT, actor=behandelaar)
    assert (event.actor_rol, event.ip) == (ActorRol.MEDEWERKER, ADRES)


def test_taking_on_a_request_is_a_change_with_who_and_where(client, als, open_verzoek):
    verzoek = open_verzoek()
    behandelaar = als("behandelaar")
    client.post(
        reverse("staff:in_behandeling", args=[verzoek.pk]),
        {"status": verzoek.status},
        REMOTE_ADDR=ADRES,
    )
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING
    event = Event.objects.get(verzoek=verzoek, soort=EventSoort.VERZOEK_IN_BEHANDELING)
    assert (event.actor, event.actor_rol, event.ip) == (behandelaar, ActorRol.MEDEWERKER, ADRES)


def test_changing_personal_details_in_the_admin_is_an_event_naming_the_fields(client, als, persona):
    coordinator = als("coordinator")
    linda = persona("linda")
    adres = reverse("admin:invordering_burger_change", args=[linda.pk])
    form = client.get(adres).context["adminform"].form
    data = {naam: waarde for naam, waarde in form.initial.items() if waarde is not None}
    data.update(
        geboortedatum=linda.geboortedatum.isoformat(),
        huishouden=linda.huishouden_id or "",
        toeslagpartner=linda.toeslagpartner_id or "",
        telefoon="06-99887766",
    )
    response = client.post(adres, data, REMOTE_ADDR=ADRES)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(burger=linda, soort=EventSoort.GEGEVENS_GEWIJZIGD)
    assert (event.actor, event.ip, event.data) == (coordinator, ADRES, {"velden": ["telefoon"]})
    assert "06-99887766" not in str(event.data)


# ------------------------------------------------------------------ the search page


@pytest.fixture
def spoor(wereld):
    """A small trail of its own: looks and changes of two new people, on known days."""
    een, twee = BurgerFactory(), BurgerFactory()
    priya = User.objects.get(username="behandelaar")
    ahmed = User.objects.get(username="ahmed")
    dag = ANKER - timedelta(days=40)
    for nummer, (burger, user, rol) in enumerate(
        [
            (een, priya, ActorRol.MEDEWERKER),
            (twee, priya, ActorRol.MEDEWERKER),
            (een, ahmed, ActorRol.HELPER),
        ]
    ):
        Inzage.objects.create(
            burger=burger,
            user=user,
            rol=rol,
            pagina="staff:totaalbeeld" if rol == ActorRol.MEDEWERKER else "citizen:overzicht",
            pad=f"/pad/{nummer}/",
            ip=f"192.0.2.{nummer + 1}",
            tijdstip=clock.op_dag(dag + timedelta(days=nummer), 10),
        )
    registreer_event(
        burger=een,
        soort=EventSoort.CONTACT,
        tijdstip=clock.op_dag(dag + timedelta(days=5), 11),
        actor=priya,
        actor_rol=ActorRol.MEDEWERKER,
        ip="192.0.2.9",
    )
    registreer_event(burger=een, soort=EventSoort.HERINNERING, tijdstip=clock.op_dag(dag, 9))
    return {"een": een, "twee": twee, "dag": dag}


def regels(response):
    assert response.status_code == 200
    return response.context["pagina"].regels


def test_the_privacy_officer_finds_looks_and_changes_of_one_person_newest_first(client, als, spoor):
    privacy = als("privacy")
    een = spoor["een"]
    response = client.get(AUDIT, {"bsn": een.bsn})
    gevonden = regels(response)
    assert [(r.soort, r.user.username, r.ip) for r in gevonden] == [
        ("wijzigen", "behandelaar", "192.0.2.9"),
        ("lezen", "ahmed", "192.0.2.3"),
        ("lezen", "behandelaar", "192.0.2.1"),
    ]  # the automatic reminder is not a person's change
    html = response.content.decode()
    tabel = html[html.index("<table") : html.index("</table>")]
    assert een.naam in tabel and een.bsn_gemaskeerd in tabel and een.bsn not in tabel
    assert f'value="{een.bsn}"' in html  # what was typed stays in the search field
    assert "Conversation" in html and "Full picture" in html and "/pad/0/" in html
    # Searching one person is itself a look at that person.
    assert looks(privacy, burger=een, pagina="staff:audit").count() == 1


def test_the_search_filters_by_user_period_and_kind(client, als, spoor):
    als("privacy")
    dag = spoor["dag"]
    een, twee = spoor["een"], spoor["twee"]

    def bsns(**params):
        return [(r.burger, r.soort) for r in regels(client.get(AUDIT, params))]

    periode = {"van": dag.isoformat(), "tot": (dag + timedelta(days=1)).isoformat()}
    assert bsns(**periode) == [(twee, "lezen"), (een, "lezen")]
    assert bsns(**periode, gebruiker="ahmed") == []
    assert bsns(gebruiker="Yilmaz", bsn=een.bsn) == [(een, "lezen")]
    assert bsns(bsn=een.bsn, soort="wijzigen") == [(een, "wijzigen")]
    assert bsns(bsn=een.bsn, soort="lezen", gebruiker="BEHANDELAAR") == [(een, "lezen")]


def test_the_pages_go_back_in_time_and_an_empty_search_says_so(client, als, spoor):
    als("privacy")
    een = spoor["een"]
    ahmed = User.objects.get(username="ahmed")
    for nummer in range(55):
        Inzage.objects.create(
            burger=een,
            user=ahmed,
            rol=ActorRol.HELPER,
            pagina="citizen:tijdlijn",
            pad="/tijdlijn/",
            tijdstip=clock.op_dag(ANKER - timedelta(days=10), 8) + timedelta(minutes=nummer),
        )
    eerste = client.get(AUDIT, {"bsn": een.bsn})
    pagina = eerste.context["pagina"]
    assert len(pagina.regels) == 50 and pagina.heeft_volgende and not pagina.heeft_vorige
    tijden = [r.tijdstip for r in pagina.regels]
    assert tijden == sorted(tijden, reverse=True)
    assert f"bsn={een.bsn}&amp;pagina=2" in eerste.content.decode()
    tweede = client.get(AUDIT, {"bsn": een.bsn, "pagina": 2}).context["pagina"]
    # 3 of the fixture, 55 here, and the first search itself (a look at this person).
    assert len(tweede.regels) == 3 + 55 + 1 - 50 and not tweede.heeft_volgende
    assert tweede.regels[0].tijdstip <= tijden[-1]

    leeg = client.get(AUDIT, {"bsn": spoor["twee"].bsn, "soort": "wijzigen"})
    assert leeg.status_code == 200 and not leeg.context["pagina"].regels
    assert "Nothing found." in leeg.content.decode()


def test_a_wrong_search_is_explained_and_kept(client, als):
    als("privacy")
    response = client.get(AUDIT, {"bsn": "123456789", "van": "2026-11-02", "tot": "2026-11-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid BSN." in html and 'value="123456789"' in html
    assert "The end date is before the start date." in html
    assert response.context["pagina"] is None


def test_the_page_is_for_the_privacy_group_only(client, als, wereld):
    for username in ("behandelaar", "begeleiding", "coordinator"):
        als(username)
        assert client.get(AUDIT).status_code == 404
        assert reverse("staff:audit") not in client.get(reverse("admin:index")).content.decode()
    als("privacy")
    assert reverse("staff:audit") in client.get(reverse("admin:index")).content.decode()
    # The privacy officer reads the trail, not the case files.
    assert client.get(reverse("staff:werkvoorraad")).status_code == 403
    client.logout()
    assert client.get(AUDIT).status_code == 302  # to the staff login


def test_a_helpers_submission_shows_with_its_address(client, wereld, persona, op_ankerdag):
    """The trail also holds what a helper changed, from where, under which mandate."""
    ahmed = User.objects.get(username="ahmed")
    yonas = persona("yonas")
    verzoek = Verzoek.objects.filter(burger=yonas).exclude(status="concept").first()
    registreer_event(
        burger=yonas,
        soort=EventSoort.VERZOEK_INGEDIEND,
        verzoek=verzoek,
        actor=ahmed,
        actor_rol=ActorRol.HELPER,
        machtiging=yonas.machtigingen.get(gemachtigde__user=ahmed),
        ip="192.0.2.77",
    )
    User.objects.filter(username="privacy").update(taal="en")
    client.force_login(User.objects.get(username="privacy"))
    response = client.get(AUDIT, {"bsn": yonas.bsn, "soort": "wijzigen", "gebruiker": "ahmed"})
    eerste = regels(response)[0]
    assert (eerste.user, eerste.ip, eerste.machtiging.gemachtigde.naam) == (
        ahmed,
        "192.0.2.77",
        "Ahmed Yilmaz",
    )
    assert "under the mandate of Ahmed Yilmaz" in response.content.decode()
