"""Pay now: a termijn or a whole debt through the demo iDEAL step, booked exactly once."""

from __future__ import annotations

import re
import time
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, include, path, reverse
from django.utils import translation

from citizen import urls as citizen_urls
from citizen.forms_betalen import SALT, maak_token
from config import urls as config_urls
from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import (
    Betaling,
    Burger,
    Document,
    Event,
    Regeling,
    Termijn,
    User,
)
from invordering.selectors import overzicht, tijdlijn
from invordering.services.betalingen import volgende_termijn
from invordering.services.regelingen import start_standaardregeling
from invordering.templatetags.invordering import euro
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 11, 16)


# The letters pages (citizen:berichten, citizen:bericht_pdf) are built in parallel; until
# they exist, the confirmation page's links resolve to these stand-ins in this module only.
def _stand_in(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    *[p for p in config_urls.urlpatterns if getattr(p, "namespace", None) != "citizen"],
    path(
        "",
        include(
            (
                [
                    *citizen_urls.urlpatterns,
                    path("_berichten/", _stand_in, name="berichten"),
                    path("_berichten/<int:pk>/pdf/", _stand_in, name="bericht_pdf"),
                ],
                "citizen",
            ),
            namespace="citizen",
        ),
    ),
]


@pytest.fixture(autouse=True)
def _letters_urls(settings):
    try:
        reverse("citizen:berichten")
        reverse("citizen:bericht_pdf", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
        clear_url_caches()
    yield
    clear_url_caches()


def log_in(client, sleutel: str) -> Burger:
    """Log in as a persona, with English pages so the tests read the msgids."""
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    burger = Burger.objects.get(demo_sleutel=sleutel)
    User.objects.filter(pk=burger.user_id).update(taal="en")
    return burger


def url(**query) -> str:
    (soort, pk), *_ = query.items()
    return f"{reverse('citizen:betalen')}?{soort}={pk}"


def totaal_open(burger) -> Decimal:
    return overzicht(burger, vandaag=clock.today(), beleid=beleid_op(clock.today())).totaal.open


def betaal(client, adres: str, *, bank: str = "ing", token: str | None = None):
    if token is None:
        token = client.get(adres).context["token"]
    return client.post(adres, {"bank": bank, "token": token})


def volgende_van(burger) -> Termijn:
    regeling = burger.regelingen.filter(status="lopend").order_by("startdatum", "pk").first()
    return volgende_termijn(regeling)


def en(bedrag) -> str:
    with translation.override("en"):
        return euro(bedrag)


@pytest.fixture
def eigen(client, demo):
    """A fresh burger with one 600.00 debt in a standard plan (24 x 25.00), logged in."""
    with clock.vast_op(VANDAAG, 10):
        burger = BurgerFactory(user__taal="en")
        vordering = maak_vordering(burger)
        regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 4, 1))
        client.force_login(burger.user)
        yield burger, vordering, regeling


# ---------------------------------------------------------------- the page


def test_the_page_shows_the_termijn_and_a_clearly_marked_demo_ideal_step(client, demo, wereld):
    sanne = log_in(client, "sanne")
    termijn = volgende_van(sanne)
    response = client.get(url(termijn=termijn.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f"You are paying instalment {termijn.nummer} of {termijn.regeling.aantal_termijnen} "
        f"of plan {termijn.regeling.kenmerk}"
    ) in html
    assert "Demo: iDEAL" in html and "No real money moves" in html
    assert re.search(r'<label class="mt-label" for="id_bank">Your bank</label>', html)
    assert '<select name="bank"' in html and "Rabobank" in html
    assert f">Pay {en(termijn.open_bedrag)}</button>" in html
    assert response.context["doel"].bedrag == termijn.open_bedrag


def test_the_page_for_a_whole_debt_shows_how_the_payment_is_split(client, demo, wereld):
    yonas = log_in(client, "yonas")
    vordering = yonas.vorderingen.exclude(fase="afgerond").first()
    html = client.get(url(schuld=vordering.pk)).content.decode()
    assert "You are paying everything that is still open for" in html
    assert vordering.kenmerk in html
    assert f">Pay {en(vordering.saldo)}</button>" in html
    assert "A payment goes to the oldest debt first." in html


def test_a_paid_termijn_or_settled_debt_has_nothing_to_pay(client, demo, wereld):
    sanne = log_in(client, "sanne")
    betaald = Termijn.objects.filter(regeling__burger=sanne, status="betaald").first()
    html = client.get(url(termijn=betaald.pk)).content.decode()
    assert "This instalment has been paid. There is nothing to pay here." in html
    assert "Demo: iDEAL" not in html and 'name="token"' not in html

    linda = log_in(client, "linda")
    afgerond = linda.vorderingen.filter(fase="afgerond").first()
    html = client.get(url(schuld=afgerond.pk)).content.decode()
    assert "This debt has been paid in full. There is nothing to pay here." in html


def test_a_later_termijn_points_to_the_missed_one_first(client, demo, wereld):
    mark = log_in(client, "mark")
    gemist = Termijn.objects.get(regeling__burger=mark, status="gemist")
    later = gemist.regeling.termijnen.get(nummer=gemist.nummer + 1)
    response = client.get(url(termijn=later.pk))
    html = response.content.decode()
    assert f"Pay instalment {gemist.nummer} first" in html
    assert f"?termijn={gemist.pk}" in html and "Demo: iDEAL" not in html
    response = betaal(client, url(termijn=later.pk), token="")
    assert response.status_code == 200
    assert not Betaling.objects.filter(burger=mark, methode="demo_ideal").exists()


# ---------------------------------------------------------------- paying


def test_sanne_pays_a_termijn_and_the_total_drops_by_exactly_that(client, demo, wereld):
    sanne = log_in(client, "sanne")
    termijn = volgende_van(sanne)
    voor = totaal_open(sanne)
    documenten_voor = Document.objects.filter(burger=sanne).count()

    response = betaal(client, url(termijn=termijn.pk))

    betaling = Betaling.objects.get(burger=sanne, methode="demo_ideal")
    assert response.status_code == 303
    assert response["Location"] == reverse("citizen:betaald", args=[betaling.pk])
    termijn.refresh_from_db()
    assert termijn.status == "betaald" and termijn.voldaan_op == clock.today()
    assert betaling.bedrag == termijn.bedrag
    assert totaal_open(sanne) == voor - termijn.bedrag
    # Everything reflects it at once: the event, the letter, the timeline.
    event = Event.objects.get(sleutel=f"betaling:{betaling.pk}")
    brief = Document.objects.get(event=event, soort="betaalbevestiging")
    assert Document.objects.filter(burger=sanne).count() == documenten_voor + 1
    ov = overzicht(sanne, vandaag=clock.today(), beleid=beleid_op(clock.today()))
    assert betaling in ov.betalingen
    verleden = tijdlijn(ov, verrekendag=beleid_op(clock.today()).verrekendag).verleden
    assert any(m.soort == "betaling" and m.document_id == brief.pk for m in verleden)


def test_the_confirmation_says_what_was_paid_where_it_went_and_what_is_open(client, demo, wereld):
    sanne = log_in(client, "sanne")
    termijn = volgende_van(sanne)
    response = betaal(client, url(termijn=termijn.pk))
    response = client.get(response["Location"])
    html = response.content.decode()
    betaling = response.context["betaling"]
    brief = response.context["brief"]
    assert response.status_code == 200
    assert f"Your payment of {en(termijn.bedrag)} has been booked." in html  # message
    assert f"This was instalment {termijn.nummer} of" in html
    assert [(d.vordering.pk, d.component, d.bedrag) for d in response.context["verdeling"]] == [
        (v.pk, "hoofdsom", termijn.bedrag) for v in termijn.regeling.vorderingen.all()
    ]
    assert "Principal" in html
    nog = en(totaal_open(sanne))
    assert f'In total you still need to pay <strong class="mt-amount">{nog}</strong>' in html
    assert reverse("citizen:bericht_pdf", args=[brief.pk]) in html
    assert reverse("citizen:berichten") in html
    assert reverse("citizen:overzicht") in html
    assert betaling.pk == int(response.request["PATH_INFO"].rstrip("/").split("/")[-1])


def test_mark_pays_his_missed_termijn(client, demo, wereld):
    mark = log_in(client, "mark")
    gemist = Termijn.objects.get(regeling__burger=mark, status="gemist")
    html = client.get(url(termijn=gemist.pk)).content.decode()
    assert "This instalment was due on" in html
    response = betaal(client, url(termijn=gemist.pk))
    assert response.status_code == 303
    gemist.refresh_from_db()
    assert gemist.status == "betaald"
    assert gemist.regeling.termijnen.filter(status="gemist").count() == 0


def test_paying_a_whole_debt_in_a_plan_settles_it_and_completes_the_plan(client, eigen):
    _burger, vordering, regeling = eigen
    with clock.vast_op(VANDAAG, 10):
        html = client.get(url(schuld=vordering.pk)).content.decode()
        assert "After this payment there is nothing left to pay in that plan" in html
        response = betaal(client, url(schuld=vordering.pk))
        assert response.status_code == 303
        html = client.get(response["Location"]).content.decode()
    vordering.refresh_from_db()
    regeling.refresh_from_db()
    assert (vordering.saldo, vordering.fase) == (Decimal("0.00"), "afgerond")
    assert regeling.status == "voltooid"
    assert not regeling.termijnen.filter(status__in=["open", "gemist"]).exists()
    assert f"Payment plan {regeling.kenmerk} is complete." in html
    assert "You have nothing left to pay." in html


def test_a_replayed_post_books_exactly_one_payment(client, demo, wereld):
    sanne = log_in(client, "sanne")
    adres = url(termijn=volgende_van(sanne).pk)
    token = client.get(adres).context["token"]
    eerste = betaal(client, adres, token=token)
    tweede = betaal(client, adres, token=token)
    assert eerste.status_code == tweede.status_code == 303
    assert eerste["Location"] == tweede["Location"]
    assert Betaling.objects.filter(burger=sanne, methode="demo_ideal").count() == 1


def test_a_second_tab_cannot_pay_the_same_termijn_again(client, demo, wereld):
    sanne = log_in(client, "sanne")
    adres = url(termijn=volgende_van(sanne).pk)
    tab1, tab2 = client.get(adres).context["token"], client.get(adres).context["token"]
    betaal(client, adres, token=tab1)
    response = betaal(client, adres, token=tab2)
    assert response.status_code == 200
    assert "There is nothing left to pay here. Nothing was paid." in response.content.decode()
    assert Betaling.objects.filter(burger=sanne, methode="demo_ideal").count() == 1


# ---------------------------------------------------------------- refusals


def test_a_missing_or_wrong_bank_shows_an_error_on_the_field_and_books_nothing(client, eigen):
    burger, _vordering, regeling = eigen
    adres = url(termijn=volgende_termijn(regeling).pk)
    for bank, melding in (
        ("", "Choose your bank."),
        ("nepbank", "Choose your bank from the list."),
    ):
        response = betaal(client, adres, bank=bank)
        html = response.content.decode()
        assert response.status_code == 200
        assert response.context["form"].errors["bank"] == [melding]
        assert 'id="id_bank_error"' in html and 'aria-invalid="true"' in html
        assert "There is a problem" in html and "<title>Error:" in html
    assert not Betaling.objects.filter(burger=burger).exists()


def test_a_tampered_or_foreign_token_is_refused_and_books_nothing(client, eigen):
    burger, vordering, regeling = eigen
    termijn = volgende_termijn(regeling)
    adres = url(termijn=termijn.pk)
    goed = client.get(adres).context["token"]
    slechte = [
        goed[:-2] + ("AA" if not goed.endswith("AA") else "BB"),  # changed signature
        "zomaar-iets",
        maak_token(burger_id=burger.pk + 1, doel=f"termijn:{termijn.pk}", bedrag=termijn.bedrag),
        maak_token(burger_id=burger.pk, doel=f"schuld:{vordering.pk}", bedrag=termijn.bedrag),
        signing.dumps({"b": burger.pk, "d": f"termijn:{termijn.pk}"}, salt="ander-doel"),
    ]
    for token in slechte:
        response = betaal(client, adres, token=token)
        assert response.status_code == 200, token
        assert "We could not check this payment, so we stopped it." in response.content.decode()
        # A fresh token is on the page for the next try.
        assert response.context["token"] not in ("", token)
    assert not Betaling.objects.filter(burger=burger).exists()


def test_an_expired_token_is_refused_and_books_nothing(client, eigen):
    burger, _vordering, regeling = eigen
    termijn = volgende_termijn(regeling)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 2 * 3600):
        oud = maak_token(burger_id=burger.pk, doel=f"termijn:{termijn.pk}", bedrag=termijn.bedrag)
    response = betaal(client, url(termijn=termijn.pk), token=oud)
    assert "This page was open for more than an hour" in response.content.decode()
    assert not Betaling.objects.filter(burger=burger).exists()
    assert signing.loads(response.context["token"], salt=SALT, max_age=60)["a"] == "25.00"


def test_a_changed_amount_is_never_taken_from_the_form(client, eigen):
    burger, _vordering, regeling = eigen
    termijn = volgende_termijn(regeling)
    adres = url(termijn=termijn.pk)
    token = maak_token(burger_id=burger.pk, doel=f"termijn:{termijn.pk}", bedrag=Decimal("1.00"))
    response = client.post(adres, {"bank": "ing", "token": token, "bedrag": "1.00"})
    assert "The amount to pay changed since you opened this page." in response.content.decode()
    assert not Betaling.objects.filter(burger=burger).exists()


def test_other_peoples_ids_and_bad_queries_are_not_found(client, demo, wereld):
    mark = Burger.objects.get(demo_sleutel="mark")
    sanne = log_in(client, "sanne")
    termijn_mark = Termijn.objects.filter(regeling__burger=mark, status="gemist").first()
    vordering_mark = mark.vorderingen.exclude(fase="afgerond").first()
    betaling_mark = Betaling.objects.filter(burger=mark).first()
    token = maak_token(
        burger_id=sanne.pk, doel=f"termijn:{termijn_mark.pk}", bedrag=termijn_mark.bedrag
    )
    for adres in (url(termijn=termijn_mark.pk), url(schuld=vordering_mark.pk)):
        assert client.get(adres).status_code == 404
        assert client.post(adres, {"bank": "ing", "token": token}).status_code == 404
    assert client.get(reverse("citizen:betaald", args=[betaling_mark.pk])).status_code == 404
    basis = reverse("citizen:betalen")
    for query in (
        "",
        "?termijn=abc",
        "?termijn=",
        "?schuld=-1",
        "?termijn=99999999999999",
        f"?termijn={termijn_mark.pk}&schuld={vordering_mark.pk}",
    ):
        assert client.get(basis + query).status_code == 404, query
    assert not Betaling.objects.filter(methode="demo_ideal").exists()


def test_pages_need_a_logged_in_burger(client, demo, wereld):
    sanne = Burger.objects.get(demo_sleutel="sanne")
    betaling = Betaling.objects.filter(burger=sanne).first()
    for adres in (
        url(termijn=volgende_van(sanne).pk),
        reverse("citizen:betaald", args=[betaling.pk]),
    ):
        antwoord = client.get(adres)
        assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("citizen:login"))
    assert not Betaling.objects.filter(methode="demo_ideal").exists()


def test_outside_demo_mode_the_page_explains_a_transfer_and_books_nothing(client, settings):
    settings.DEMO = False
    with clock.vast_op(VANDAAG, 10):
        burger = BurgerFactory(user__taal="en")
        vordering = maak_vordering(burger)
        regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 4, 1))
        termijn = volgende_termijn(regeling)
        client.force_login(burger.user)
        for adres, bedrag in (
            (url(termijn=termijn.pk), "25.00"),
            (url(schuld=vordering.pk), "600.00"),
        ):
            html = client.get(adres).content.decode()
            assert "How to pay: by bank transfer" in html
            assert vordering.betalingskenmerk in html and en(Decimal(bedrag)) in html
            assert "few working days" in html
            assert "Demo: iDEAL" not in html and 'name="bank"' not in html
            doel = adres.split("?")[1].replace("=", ":")
            token = maak_token(burger_id=burger.pk, doel=doel, bedrag=Decimal(bedrag))
            response = client.post(adres, {"bank": "ing", "token": token})
            assert response.status_code == 400
            assert "Paying online is not possible here. Nothing has been paid." in (
                response.content.decode()
            )
    assert not Betaling.objects.filter(burger=burger).exists()
    assert Regeling.objects.get(pk=regeling.pk).status == "lopend"
