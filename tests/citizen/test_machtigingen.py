"""Machtigingen: a code from the burger, a helper accepting it, acting on behalf within scope,
the burger's log of what helpers did, and revoking at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from invordering import clock, policy
from invordering.demo.personas import DEMO_WACHTWOORD
from invordering.demo.wereld import ANKER
from invordering.models import Burger, Event, Helper, Inzage, Machtiging, Verzoek
from invordering.services.machtigingen import maak_machtigingscode, verzilver_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


def burger_login(client, sleutel) -> Burger:
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    return Burger.objects.get(demo_sleutel=sleutel)


def helper_login(client, username) -> Helper:
    assert client.login(username=username, password=DEMO_WACHTWOORD)
    return Helper.objects.get(user__username=username)


def namens(client, machtiging):
    return client.post(reverse("citizen:namens", args=[machtiging.pk]))


def test_a_burger_makes_a_code_that_is_shown_once(client, demo, wereld):
    yonas = burger_login(client, "yonas")
    response = client.post(
        reverse("citizen:machtiging_nieuw"),
        {
            "mag_verzoeken": "on",
            "geldig_tot": (ANKER + timedelta(days=180)).isoformat(),
            "email": "",
        },
        follow=True,
    )
    code = response.context["nieuw"]["code"]
    assert len(code.replace("-", "")) == 9
    machtiging = yonas.machtigingen.get(status="aangevraagd")
    assert (
        code not in machtiging.code_hash and machtiging.mag_verzoeken and not machtiging.mag_betalen
    )
    assert client.get(reverse("citizen:machtigingen")).context["nieuw"] is None  # not shown again


def test_an_invitation_e_mails_the_code(
    demo, wereld, django_capture_on_commit_callbacks, monkeypatch
):
    from invordering.tasks import stuur_uitnodiging

    monkeypatch.setattr(
        stuur_uitnodiging, "delay", lambda pk, code: stuur_uitnodiging.apply(args=[pk, code])
    )
    ria = Burger.objects.get(demo_sleutel="ria")
    with django_capture_on_commit_callbacks(execute=True):
        _m, code = maak_machtigingscode(
            burger=ria,
            geldig_tot=ANKER + timedelta(days=30),
            mag_verzoeken=False,
            mag_betalen=False,
            uitnodigen_email="buurvrouw@example.nl",
        )
    assert (
        len(mail.outbox) == 1 and code in mail.outbox[0].body and "640" not in mail.outbox[0].body
    )


def test_a_helper_accepts_a_code_once_and_acts_within_scope(client, demo, wereld):
    mark = Burger.objects.get(demo_sleutel="mark")
    machtiging, code = maak_machtigingscode(
        burger=mark, geldig_tot=ANKER + timedelta(days=90), mag_verzoeken=False, mag_betalen=False
    )
    helper_login(client, "eva")
    response = client.post(reverse("citizen:machtiging_code"), {"code": code.lower()})
    assert response.status_code == 302
    machtiging.refresh_from_db()
    assert machtiging.status == "actief" and machtiging.gemachtigde.naam == "Eva Hendriks"
    again = client.post(reverse("citizen:machtiging_code"), {"code": code})
    assert "werkt niet" in again.content.decode()  # a used code is refused like any wrong code

    namens(client, machtiging)
    overzicht = client.get(reverse("citizen:overzicht"))
    html = overzicht.content.decode()
    assert overzicht.status_code == 200 and "namens Mark de Vries" in html
    assert "Nu €" not in html  # no pay button for a view-only mandate
    termijn = mark.regelingen.get(status="lopend").termijnen.get(nummer=4)
    assert client.get(reverse("citizen:betalen"), {"termijn": termijn.pk}).status_code == 403
    assert client.post(reverse("citizen:pauze"), {"actie": "indienen"}).status_code == 403
    assert client.get(reverse("citizen:pbt")).status_code == 403
    assert Inzage.objects.filter(
        burger=mark, user__username="eva", pagina="citizen:overzicht"
    ).exists()


@pytest.mark.parametrize(
    ("trusted", "forwarded", "recorded"),
    [
        ([], "198.51.100.7", "127.0.0.1"),  # spoofed: the header is not believed
        ([], "garbage", "127.0.0.1"),
        (["127.0.0.1"], "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # behind our proxy
        (["127.0.0.1"], "garbage", "127.0.0.1"),  # the proxy is the best we know
    ],
)
def test_the_audit_trail_records_the_client_address_that_can_be_vouched_for(
    client, demo, wereld, settings, trusted, forwarded, recorded
):
    settings.TRUSTED_PROXIES = trusted
    yonas = Burger.objects.get(demo_sleutel="yonas")
    ahmed = helper_login(client, "ahmed")
    namens(client, Machtiging.objects.get(vertegenwoordigde=yonas, gemachtigde=ahmed))
    response = client.get(reverse("citizen:overzicht"), HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 200
    inzage = Inzage.objects.filter(user=ahmed.user, pagina="citizen:overzicht").latest("pk")
    assert inzage.ip == recorded


def test_a_helper_with_request_scope_submits_for_the_client_and_the_burger_sees_it(
    client, demo, wereld
):
    yonas = Burger.objects.get(demo_sleutel="yonas")
    ahmed = helper_login(client, "ahmed")
    machtiging = Machtiging.objects.get(vertegenwoordigde=yonas, gemachtigde=ahmed)
    namens(client, machtiging)
    data = {
        "reden": "werkloos",
        "toelichting": "",
        "start": (ANKER + timedelta(days=1)).isoformat(),
        "eind": (ANKER + timedelta(days=60)).isoformat(),
        "voorstel_daarna": "Daarna een regeling.",
        "vorderingen": [v.pk for v in yonas.vorderingen.all()],
        "actie": "indienen",
    }
    client.post(reverse("citizen:pauze"), data)
    client.get(reverse("citizen:overzicht"))  # looking is logged too
    verzoek = Verzoek.objects.get(burger=yonas, soort="pauze")
    event = Event.objects.get(verzoek=verzoek, soort="verzoek_ingediend")
    assert (event.actor.username, event.actor_rol, event.machtiging_id) == (
        "ahmed",
        "helper",
        machtiging.pk,
    )

    client.logout()
    burger_login(client, "yonas")
    log = client.get(reverse("citizen:machtigingen"))
    regels = list(log.context["logboek"])
    assert any(getattr(r, "soort", "") == "verzoek_ingediend" for r in regels)
    assert any(isinstance(r, Inzage) for r in regels)


def test_revoking_stops_the_helper_at_once(client, demo, wereld):
    yonas = Burger.objects.get(demo_sleutel="yonas")
    machtiging = Machtiging.objects.get(vertegenwoordigde=yonas, gemachtigde__naam="Ahmed Yilmaz")
    helper = client
    helper_login(helper, "ahmed")
    namens(helper, machtiging)
    assert helper.get(reverse("citizen:overzicht")).status_code == 200

    from django.test import Client

    burger = Client()
    burger.post(reverse("citizen:demo_login", args=["yonas"]))
    burger.post(reverse("citizen:machtiging_intrekken", args=[machtiging.pk]))
    machtiging.refresh_from_db()
    assert machtiging.status == "ingetrokken"
    # The very next request: back to the own dashboard, with a word why.
    terug = helper.get(reverse("citizen:overzicht"), follow=True)
    assert terug.redirect_chain == [(reverse("citizen:helper_start"), 302)]
    assert "niet meer namens hem of haar handelen" in terug.content.decode()
    assert helper.post(reverse("citizen:namens", args=[machtiging.pk])).status_code == 404


@pytest.mark.parametrize("geval", ["verlopen", "toekomst", "ander"])
def test_a_helper_cannot_act_under_a_mandate_that_does_not_hold_today(client, demo, wereld, geval):
    joris = helper_login(client, "noord")
    ahmed = Helper.objects.get(demo_sleutel="ahmed")
    machtiging = {
        "verlopen": Machtiging.objects.filter(gemachtigde=joris, geldig_tot__lt=ANKER).first(),
        "toekomst": Machtiging.objects.filter(gemachtigde=joris, geldig_van__gt=ANKER).first(),
        "ander": Machtiging.objects.filter(gemachtigde=ahmed).first(),
    }[geval]
    assert namens(client, machtiging).status_code == 404
    antwoord = client.get(reverse("citizen:overzicht"))
    assert antwoord.status_code == 302 and antwoord.url == reverse("citizen:helper_start")


def test_a_colleague_at_the_same_office_may_act_for_its_clients(client, demo, wereld):
    helper_login(client, "sevda.kaya")
    machtiging = policy.bruikbare_machtigingen(Helper.objects.get(demo_sleutel="noord")).first()
    assert namens(client, machtiging).status_code == 302
    assert client.get(reverse("citizen:overzicht")).status_code == 200


def test_wrong_codes_are_limited_and_say_nothing_about_who_exists(client, demo, wereld):
    helper_login(client, "eva")
    for _ in range(5):
        response = client.post(reverse("citizen:machtiging_code"), {"code": "AAA-BBB-CCC"})
        assert "werkt niet" in response.content.decode()
    response = client.post(reverse("citizen:machtiging_code"), {"code": "AAA-BBB-CCC"})
    assert "te veel codes" in response.content.decode()


def test_an_expired_code_does_not_work(demo, wereld):
    mark = Burger.objects.get(demo_sleutel="mark")
    _m, code = maak_machtigingscode(
        burger=mark, geldig_tot=ANKER + timedelta(days=90), mag_verzoeken=False, mag_betalen=False
    )
    from invordering.services.machtigingen import CodeOngeldig

    with clock.vast_op(ANKER + timedelta(days=15)), pytest.raises(CodeOngeldig):
        verzilver_code(helper=Helper.objects.get(demo_sleutel="eva"), code=code)


def test_a_helper_cannot_manage_the_clients_mandates(client, demo, wereld):
    yonas = Burger.objects.get(demo_sleutel="yonas")
    ahmed = helper_login(client, "ahmed")
    machtiging = Machtiging.objects.get(vertegenwoordigde=yonas, gemachtigde=ahmed)
    namens(client, machtiging)
    assert client.get(reverse("citizen:machtigingen")).status_code == 404
    assert (
        client.post(reverse("citizen:machtiging_intrekken", args=[machtiging.pk])).status_code
        == 404
    )


PIET = {
    "naam": "Piet Buur",
    "email": "Piet@example.nl",
    "soort": "informeel",
    "wachtwoord": "lang-en-sterk-2026!",
}


@pytest.fixture
def mail_direct(monkeypatch):
    """Send the e-mail in the test itself, as the worker would after the commit."""
    from django.db import transaction

    from invordering.tasks import stuur_helperaccount_mail

    monkeypatch.setattr(
        stuur_helperaccount_mail,
        "delay",
        lambda *args: stuur_helperaccount_mail.apply(args=args),
    )
    monkeypatch.setattr(transaction, "on_commit", lambda functie, *a, **k: functie())


def _link(bericht) -> str:
    import re

    return re.search(r"https?://[^/\s]+(/helpers/activeren/\S+/)", bericht.body).group(1)


def test_a_helper_makes_an_account_confirms_it_by_e_mail_then_enters_a_code(client, mail_direct):
    response = client.post(reverse("citizen:helper_registreren"), PIET)
    assert response["Location"] == reverse("citizen:helper_login")
    piet = Helper.objects.get(naam="Piet Buur")
    assert not piet.user.is_active  # not before the link is used
    assert not client.login(username="piet@example.nl", password=PIET["wachtwoord"])
    (bericht,) = mail.outbox
    assert bericht.to == ["piet@example.nl"]
    link = _link(bericht)
    assert client.get(link).status_code == 200
    assert Helper.objects.get(pk=piet.pk).user.is_active is False  # a visit alone does nothing
    response = client.post(link)
    assert response["Location"] == reverse("citizen:machtiging_code")
    assert client.get(reverse("citizen:machtiging_code")).status_code == 200
    assert Helper.objects.get(pk=piet.pk).user.check_password(PIET["wachtwoord"])
    # the link works once
    client.logout()
    assert client.post(link).status_code == 404
    assert client.get(link).context["geldig"] is False


def test_registering_says_nothing_about_whether_an_address_has_an_account(client, mail_direct):
    eerste = client.post(reverse("citizen:helper_registreren"), PIET, follow=True)
    client.post(_link(mail.outbox[0]))
    client.logout()
    opnieuw = client.post(
        reverse("citizen:helper_registreren"),
        {**PIET, "wachtwoord": "iets-anders-2026!?"},
        follow=True,
    )
    # The same page, the same words; only the e-mail differs.
    assert eerste.redirect_chain == opnieuw.redirect_chain
    assert [m.message for m in eerste.context["messages"]] == [
        m.message for m in opnieuw.context["messages"]
    ]
    herinnering = mail.outbox[-1]
    assert "/helpers/activeren/" not in herinnering.body
    assert reverse("citizen:helper_login") in herinnering.body
    # The account and its password did not change.
    assert client.login(username="piet@example.nl", password=PIET["wachtwoord"])
    assert Helper.objects.filter(user__username="piet@example.nl").count() == 1


def test_a_burgers_address_gets_no_helper_account(client, mail_direct, demo, wereld):
    yonas = Burger.objects.get(demo_sleutel="yonas").user
    User = type(yonas)
    User.objects.filter(pk=yonas.pk).update(username="yonas@example.nl")
    client.post(reverse("citizen:helper_registreren"), {**PIET, "email": "yonas@example.nl"})
    assert not Helper.objects.filter(user=yonas).exists()
    assert "/helpers/activeren/" not in mail.outbox[-1].body
