"""The audit trail's core (invordering.audit, selectors.audit): one insert per served page,
the address on every change by a person, and rows nobody can rewrite or remove."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from invordering import audit, clock
from invordering.models import ActorRol, Event, EventSoort, Inzage, User
from invordering.selectors.audit import LEZEN, WIJZIGEN, Zoekvraag, zoek
from invordering.services.events import registreer_event
from invordering.services.machtigingen import maak_machtigingscode, trek_aanvraag_in
from invordering.services.verzoeken import dien_in, maak_verzoek, vraag_info, vul_info_aan
from tests.factories import BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db

DAG = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def op_dag():
    with clock.vast_op(DAG, 10):
        yield


def verzoek_voor(burger):
    verzoek = maak_verzoek(
        burger=burger,
        soort="pauze",
        vorderingen=[maak_vordering(burger, soort="ZT", jaar=2024)],
        gegevens={"reden": "ziekte"},
        actor=burger.user,
    )
    return dien_in(verzoek, actor=burger.user)


def inzage(burger, user, **velden) -> Inzage:
    return Inzage.objects.create(
        burger=burger,
        user=user,
        rol=velden.pop("rol", ActorRol.MEDEWERKER),
        pagina="staff:totaalbeeld",
        pad="/beheer/",
        tijdstip=velden.pop("tijdstip", clock.now()),
        **velden,
    )


def verzoek(ip="192.0.2.5", user=None, pad="/beheer/burgers/1/"):
    request = RequestFactory().get(pad, REMOTE_ADDR=ip)
    request.user = user
    return request


# ------------------------------------------------------------------ the middleware


def test_a_served_response_writes_every_noted_look_in_one_insert():
    staf = UserFactory()
    een, twee = BurgerFactory(), BurgerFactory()
    request = verzoek(user=staf)

    def view(request):
        audit.lees(request, een, twee.pk, rol=ActorRol.MEDEWERKER)
        audit.lees(request, een, rol=ActorRol.MEDEWERKER)  # the same person: one row
        return HttpResponse("ok")

    with CaptureQueriesContext(connection) as queries:
        audit.AuditMiddleware(view)(request)
    assert sum(q["sql"].startswith('INSERT INTO "invordering_inzage"') for q in queries) == 1
    rijen = Inzage.objects.filter(user=staf).order_by("burger_id")
    assert [(r.burger_id, r.ip, r.pad, r.tijdstip) for r in rijen] == [
        (een.pk, "192.0.2.5", "/beheer/burgers/1/", clock.now()),
        (twee.pk, "192.0.2.5", "/beheer/burgers/1/", clock.now()),
    ]


def test_a_refused_response_writes_nothing():
    staf = UserFactory()

    def view(request):
        audit.lees(request, BurgerFactory(), rol=ActorRol.MEDEWERKER)
        return HttpResponseNotFound()

    audit.AuditMiddleware(view)(verzoek(user=staf))
    assert not Inzage.objects.filter(user=staf).exists()


def test_a_change_by_a_person_takes_the_requests_address_and_the_system_none():
    burger, medewerker = BurgerFactory(), UserFactory()

    def view(request):
        registreer_event(
            burger=burger, soort=EventSoort.CONTACT, actor=medewerker, actor_rol="medewerker"
        )
        registreer_event(burger=burger, soort=EventSoort.HERINNERING)  # a rule, in passing
        return HttpResponse("ok")

    audit.AuditMiddleware(view)(verzoek(ip="2001:db8::7"))
    assert dict(Event.objects.filter(burger=burger).values_list("soort", "ip")) == {
        "contact": "2001:db8::7",
        "herinnering": None,
    }
    # Outside a request (a worker, a command) nobody's address is known.
    assert audit.huidig_ip() is None
    event = registreer_event(burger=burger, soort=EventSoort.CONTACT, actor_rol="medewerker")
    assert event.ip is None


# ------------------------------------------------------------------ append-only


def test_looks_and_events_cannot_be_changed_or_removed_through_the_orm():
    burger, user = BurgerFactory(), UserFactory()
    rij = inzage(burger, user, ip="192.0.2.1")
    event = registreer_event(
        burger=burger, soort=EventSoort.CONTACT, actor=user, actor_rol="medewerker", ip="192.0.2.1"
    )
    for gedaan in (
        lambda: Inzage.objects.filter(pk=rij.pk).update(ip="10.0.0.1"),
        lambda: Inzage.objects.filter(pk=rij.pk).delete(),
        lambda: rij.save(),
        lambda: Event.objects.filter(pk=event.pk).update(ip="10.0.0.1"),
        lambda: Event.objects.filter(pk=event.pk).delete(),
        lambda: event.save(),
        lambda: event.delete(),
    ):
        with pytest.raises(TypeError):
            gedaan()
    rij.refresh_from_db()
    event.refresh_from_db()
    assert rij.ip == event.ip == "192.0.2.1"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE invordering_inzage SET ip = '10.0.0.1' WHERE id = %(inzage)s",
        "UPDATE invordering_inzage SET user_id = %(ander)s WHERE id = %(inzage)s",
        "DELETE FROM invordering_inzage WHERE id = %(inzage)s",
        "UPDATE invordering_event SET ip = '10.0.0.1' WHERE id = %(event)s",
        "UPDATE invordering_event SET actor_id = %(ander)s WHERE id = %(event)s",
        "DELETE FROM invordering_event WHERE id = %(event)s",
    ],
)
def test_the_database_itself_refuses_rewriting_the_trail(sql):
    burger, user, ander = BurgerFactory(), UserFactory(), UserFactory()
    rij = inzage(burger, user, ip="192.0.2.1")
    event = registreer_event(
        burger=burger, soort=EventSoort.CONTACT, actor=user, actor_rol="medewerker", ip="192.0.2.1"
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, {"inzage": rij.pk, "event": event.pk, "ander": ander.pk})
    assert Inzage.objects.filter(pk=rij.pk, ip="192.0.2.1", user=user).exists()
    assert Event.objects.filter(pk=event.pk, ip="192.0.2.1", actor=user).exists()


# ------------------------------------------------------------------ changes without events before


def test_an_answer_to_a_question_is_a_change_by_whoever_sent_it():
    burger = BurgerFactory()
    medewerker = UserFactory()
    v = verzoek_voor(burger)
    vraag_info(v, medewerker=medewerker, vraag="Stuur uw loonstrook.")
    helper = UserFactory()

    def view(request):
        vul_info_aan(v, antwoord="Bijgevoegd.", actor=helper, actor_rol=ActorRol.HELPER)
        return HttpResponse("ok")

    audit.AuditMiddleware(view)(verzoek(ip="192.0.2.44"))
    event = Event.objects.get(verzoek=v, soort=EventSoort.VERZOEK_AANGEVULD)
    assert (event.actor, event.actor_rol, event.ip) == (helper, ActorRol.HELPER, "192.0.2.44")


def test_making_and_cancelling_a_code_are_the_burgers_changes():
    burger = BurgerFactory()
    machtiging, _code = maak_machtigingscode(
        burger=burger,
        geldig_tot=DAG + timedelta(days=30),
        mag_verzoeken=True,
        mag_betalen=False,
        door=burger.user,
    )
    trek_aanvraag_in(machtiging, actor=burger.user)
    trek_aanvraag_in(machtiging, actor=burger.user)  # already cancelled: nothing more
    soorten = list(
        Event.objects.filter(machtiging=machtiging)
        .order_by("pk")
        .values_list("soort", "actor", "actor_rol")
    )
    assert soorten == [
        (EventSoort.MACHTIGING_AANGEVRAAGD, burger.user_id, ActorRol.BURGER),
        (EventSoort.MACHTIGINGSCODE_INGETROKKEN, burger.user_id, ActorRol.BURGER),
    ]


# ------------------------------------------------------------------ the search


def test_the_trail_is_one_list_newest_first_in_a_fixed_number_of_queries():
    burger, staf, helper = BurgerFactory(), UserFactory(), UserFactory()
    for uur in range(8, 14):
        inzage(burger, staf, tijdstip=clock.op_dag(DAG, uur))
    registreer_event(
        burger=burger,
        soort=EventSoort.CONTACT,
        tijdstip=clock.op_dag(DAG, 10) + timedelta(minutes=30),
        actor=helper,
        actor_rol=ActorRol.HELPER,
    )
    registreer_event(burger=burger, soort=EventSoort.HERINNERING, tijdstip=clock.op_dag(DAG, 12))
    vraag = Zoekvraag(bsn=burger.bsn)
    with CaptureQueriesContext(connection) as queries:
        pagina = zoek(vraag, per_pagina=4)
    with CaptureQueriesContext(connection) as alles:
        zoek(vraag, per_pagina=50)
    assert len(queries) == len(alles) == 3  # the union, then the burgers and users shown
    assert [(r.soort, localtime(r.tijdstip).hour) for r in pagina.regels] == [
        (LEZEN, 13),
        (LEZEN, 12),
        (LEZEN, 11),
        (WIJZIGEN, 10),
    ]
    assert pagina.heeft_volgende and not pagina.heeft_vorige
    rest = zoek(vraag, nummer=2, per_pagina=4)
    assert [localtime(r.tijdstip).hour for r in rest.regels] == [10, 9, 8]
    assert not rest.heeft_volgende
    assert [r.soort for r in zoek(Zoekvraag(bsn=burger.bsn, soort=WIJZIGEN)).regels] == [WIJZIGEN]


def test_the_period_is_whole_local_days():
    burger, staf = BurgerFactory(), UserFactory()
    for dag, uur in ((DAG, 0), (DAG, 23), (DAG + timedelta(days=1), 0)):
        inzage(burger, staf, tijdstip=clock.op_dag(dag, uur))
    gevonden = zoek(Zoekvraag(bsn=burger.bsn, van=DAG, tot=DAG)).regels
    assert sorted(localtime(r.tijdstip).hour for r in gevonden) == [0, 23]


def test_a_user_is_found_by_user_name_or_part_of_the_name():
    burger = BurgerFactory()
    priya = User.objects.create_user(username="p.ramdin", first_name="Priya", last_name="Ramdin")
    inzage(burger, priya)
    inzage(burger, UserFactory())
    for wie in ("P.RAMDIN", "priya ram", "Ramdin"):
        assert [r.user for r in zoek(Zoekvraag(bsn=burger.bsn, gebruiker=wie)).regels] == [priya]
    assert zoek(Zoekvraag(bsn=burger.bsn, gebruiker="p.ram")).regels == []
