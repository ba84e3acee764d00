"""First pages: `/` leads to login, personas log in (DEMO only), helpers and staff log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from invordering.demo.personas import DEMO_WACHTWOORD, PERSONAS

pytestmark = pytest.mark.django_db
BURGERS = [p for p in PERSONAS if p.rol == "burger"]


def test_root_leads_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("citizen:login")


def test_login_page_lists_every_persona_with_a_labelled_button(client, demo, wereld):
    response = client.get(reverse("citizen:login"))
    html = response.content.decode()
    assert response.status_code == 200
    for persona in PERSONAS:
        assert f"Inloggen als {persona.naam}" in html, persona.naam
    assert html.count('<form method="post" action="/inloggen/demo/') == len(PERSONAS)


@pytest.mark.parametrize("persona", BURGERS, ids=lambda p: p.sleutel)
def test_every_persona_can_log_in_and_sees_their_own_debts(client, demo, wereld, persona):
    response = client.post(reverse("citizen:demo_login", args=[persona.sleutel]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("citizen:overzicht")
    burger = response.context["burger"]
    assert burger.demo_sleutel == persona.sleutel
    ov = response.context["ov"]
    open_ = burger.vorderingen.exclude(fase="afgerond")
    assert {k.vordering.kenmerk for k in ov.open} == set(open_.values_list("kenmerk", flat=True))
    assert ov.totaal.open == sum(v.saldo for v in burger.vorderingen.all())


def test_persona_login_does_not_exist_outside_demo_mode(client, settings, wereld):
    settings.DEMO = False
    assert client.post(reverse("citizen:demo_login", args=["mark"])).status_code == 404
    html = client.get(reverse("citizen:login")).content.decode()
    assert "Inloggen als Mark" not in html and "DigiD" in html


def test_persona_login_needs_post(client, demo, wereld):
    assert client.get(reverse("citizen:demo_login", args=["mark"])).status_code == 405


def test_helper_logs_in_with_password_and_sees_their_clients(client, wereld):
    response = client.post(
        reverse("citizen:helper_login"),
        {"username": "ahmed", "password": DEMO_WACHTWOORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("citizen:helper_start")
    namen = {m.vertegenwoordigde.naam for m in response.context["machtigingen"]}
    assert "Yonas Tesfay" in namen and len(namen) == 5


def test_wrong_helper_password_gets_a_plain_message_and_keeps_the_name(client, wereld):
    response = client.post(
        reverse("citizen:helper_login"), {"username": "ahmed", "password": "fout"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "gebruikersnaam of het wachtwoord klopt niet" in html
    assert 'value="ahmed"' in html


def test_staff_cannot_use_the_helper_login(client, wereld):
    response = client.post(
        reverse("citizen:helper_login"), {"username": "behandelaar", "password": DEMO_WACHTWOORD}
    )
    assert "geen helperaccount" in response.content.decode()


def test_staff_log_in_to_the_admin(client, wereld):
    assert client.login(username="behandelaar", password=DEMO_WACHTWOORD)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:invordering_vordering_changelist")).status_code == 200


def test_overview_is_only_for_a_burger(client, wereld):
    antwoord = client.get(reverse("citizen:overzicht"))
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("citizen:login") + "?next=/overzicht/"
    client.login(username="ahmed", password=DEMO_WACHTWOORD)
    # A helper who has not chosen a client has no overview of his own: to his dashboard.
    antwoord = client.get(reverse("citizen:overzicht"))
    assert antwoord.status_code == 302 and antwoord.url == reverse("citizen:helper_start")


def test_logout_ends_the_session(client, demo, wereld):
    client.post(reverse("citizen:demo_login", args=["sanne"]))
    client.post(reverse("citizen:logout"))
    assert client.get(reverse("citizen:overzicht")).status_code == 302


def test_language_choice_is_remembered_for_the_user(client, demo, wereld):
    client.post(reverse("citizen:demo_login", args=["mark"]))
    client.post(reverse("set_language"), {"language": "en", "next": "/overzicht/"})
    from invordering.models import User

    assert User.objects.get(username="mark").taal == "en"
    client.cookies.clear()  # another device: the choice follows the person
    client.post(reverse("citizen:demo_login", args=["mark"]))
    assert "What do I need to do now?" in client.get(reverse("citizen:overzicht")).content.decode()


def test_health_endpoint(client):
    response = client.get("/gezondheid/")
    assert response.status_code == 200 and response.content == b"ok"


def test_dutch_is_the_default_whatever_the_browser_asks(client):
    response = client.get(reverse("citizen:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert "Inloggen bij Mijn Toeslagen" in response.content.decode()
