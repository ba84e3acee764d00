"""Locust scenario: burgers and helpers browsing the product, as bench/load.py runs it.

Each simulated person logs in once, the way a person does in DEMO mode (a burger with the
persona button of the login page, a helper with user name and password on the helper
login), keeps one session with its cookies and CSRF token, looks at every page of their
kind once (a first visit), and then browses at random with a few seconds between pages
(LOAD_WAIT, "min,max" seconds, default "3,10"):

- a burger: the overview, one debt's explanation (a link taken from the overview), the
  timeline, and the overview PDF (the newest ready one on the Letters page);
- a helper: the dashboard, and one client's overview by choosing that client on the
  dashboard ("Act on behalf of ...": a POST that redirects to the client's overview).

The accounts come from the JSON file in LOAD_ACCOUNTS, written by bench/load.py:
``{"burgers": ["mark", ...], "helpers": [{"username": ..., "password": ...}, ...]}``.
No Django imports here: locust runs in its own process with gevent.

Every request is named by its page kind (``overview``, ``detail``, ...), so the statistics
say how often each kind was asked and how long it took. A page that answers 200 but is
not the page asked for (the login page after a lost session, say) counts as a failure.

Two parts: the ramp-up lasts until every one of LOAD_USERS people has logged in and had
the first look around; then the statistics start again and the measured part runs
LOAD_SECONDS, after which locust stops. Both parts go to LOAD_REPORT (JSON) at the end.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

import gevent
from locust import FastHttpUser, between, events, task

with open(os.environ["LOAD_ACCOUNTS"]) as bestand:
    ACCOUNTS = json.load(bestand)
BURGERS = itertools.cycle(ACCOUNTS["burgers"])
HELPERS = itertools.cycle(ACCOUNTS["helpers"])

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VORDERING = re.compile(r'href="(/schulden/\d+/)"')
# A ready overview PDF: the "Ready" badge stands only before an overview's download link.
OVERZICHT_PDF = re.compile(
    r'mt-badge--success">[^<]*</span>\s*<a class="[^"]*" href="(/berichten/\d+/pdf/)"'
)
NAMENS = re.compile(r'action="(/helpers/namens/\d+/)"')
# Every page of a burger (or a helper acting for one) has the logout form; the login
# page does not.
UITLOGGEN = 'action="/uitloggen/"'

# Page kinds, as they appear in the statistics.
LOGIN_BURGER, LOGIN_HELPER = "login burger", "login helper"
OVERVIEW, DETAIL, TIMELINE, PDF = "overview", "detail", "timeline", "pdf"
DASHBOARD, CLIENT_OVERVIEW = "helper dashboard", "client overview"
PAGE_KINDS = (OVERVIEW, DETAIL, TIMELINE, PDF, DASHBOARD, CLIENT_OVERVIEW)


OMGEVING = {}
AANLOOP = {}  # the ramp-up's figures, kept before the statistics start again
BINNEN = {"aantal": 0}  # people who logged in and had their first look around
GEBRUIKERS = int(os.environ.get("LOAD_USERS", "0"))
MEETDUUR = float(os.environ.get("LOAD_SECONDS", "60"))


@events.init.add_listener
def _onthoud_omgeving(environment, **_kwargs):
    OMGEVING["env"] = environment


def binnen(environment) -> None:
    """One more person is in; with the last one the measured part starts."""
    BINNEN["aantal"] += 1
    if BINNEN["aantal"] != GEBRUIKERS:
        return
    AANLOOP.update(_cijfers(environment.stats))
    environment.stats.reset_all()
    gevent.spawn_later(MEETDUUR, environment.runner.quit)


def _cijfers(stats) -> dict:
    """Locust's own figures of one phase: totals and a row per method and page kind."""
    totaal = stats.total
    return {
        "seconden": (totaal.last_request_timestamp or totaal.start_time) - totaal.start_time,
        "verzoeken": totaal.num_requests,
        "fouten": totaal.num_failures,
        "per_seconde": totaal.total_rps,
        "p50": totaal.get_response_time_percentile(0.5),
        "p95": totaal.get_response_time_percentile(0.95),
        "max": totaal.max_response_time,
        "regels": [
            {
                "soort": f"{m} {n}",
                "naam": n,
                "aantal": e.num_requests,
                "fouten": e.num_failures,
                "p50": e.get_response_time_percentile(0.5),
                "p95": e.get_response_time_percentile(0.95),
            }
            for (n, m), e in sorted(stats.entries.items())
        ],
        "foutmeldingen": [
            f"{e.method} {e.name}: {e.error} ({e.occurrences}x)" for e in stats.errors.values()
        ],
    }


@events.quit.add_listener
def _bewaar_uitslag(**_kwargs):
    """The measured part and the ramp-up, as locust computed them, to LOAD_REPORT (JSON)."""
    pad = os.environ.get("LOAD_REPORT")
    if not pad or "env" not in OMGEVING:
        return
    env = OMGEVING["env"]
    # An exception in this file's own code is a failure too, though no request failed.
    uitzonderingen = [
        f"exception: {e['msg']} ({e['count']}x)" for e in env.runner.exceptions.values()
    ]
    if AANLOOP:
        aanloop, meting = AANLOOP, _cijfers(env.stats)
    else:  # the run ended before everyone was in: no measured part
        uitzonderingen.append(f"only {BINNEN['aantal']} of {GEBRUIKERS} people got in")
        aanloop, meting = _cijfers(env.stats), {}
    uitslag = {"aanloop": aanloop, "meting": meting, "uitzonderingen": uitzonderingen}
    with open(pad, "w") as bestand:
        json.dump(uitslag, bestand, indent=2)


# Reading a page takes a person a few seconds; most people take longer.
WACHT = tuple(float(s) for s in os.environ.get("LOAD_WAIT", "3,10").split(","))


class Persoon(FastHttpUser):
    abstract = True
    wait_time = between(*WACHT)

    def pagina(self, pad: str, naam: str, *, moet_bevatten: str = UITLOGGEN) -> str:
        """GET a page; a failure unless it answers 200 with ``moet_bevatten`` in it."""
        with self.client.get(pad, name=naam, catch_response=True) as response:
            tekst = response.text or ""
            if response.status_code == 200 and moet_bevatten not in tekst:
                response.failure(f"{pad} is not the page asked for (logged out?)")
            return tekst

    def post(self, pad: str, naam: str, csrf: str, data: dict | None = None) -> str:
        with self.client.post(
            pad,
            name=naam,
            data={"csrfmiddlewaretoken": csrf, **(data or {})},
            catch_response=True,
        ) as response:
            tekst = response.text or ""
            if response.status_code == 200 and UITLOGGEN not in tekst:
                response.failure(f"POST {pad} did not end on a logged-in page")
            return tekst

    def csrf(self, tekst: str) -> str:
        gevonden = CSRF.search(tekst)
        return gevonden.group(1) if gevonden else ""


class Burger(Persoon):
    weight = 3

    def on_start(self):
        sleutel = next(BURGERS)
        inloggen = self.pagina("/inloggen/", LOGIN_BURGER, moet_bevatten="csrfmiddlewaretoken")
        self.token = self.csrf(inloggen)
        overzicht = self.post(f"/inloggen/demo/{sleutel}/", LOGIN_BURGER, self.token)
        self.token = self.csrf(overzicht) or self.token
        self.vorderingen = VORDERING.findall(overzicht)
        for pagina in (self.vordering, self.tijdlijn, self.overzicht_pdf, self.overzicht):
            self.wait()
            pagina()
        binnen(self.environment)

    @task(4)
    def overzicht(self):
        tekst = self.pagina("/overzicht/", OVERVIEW)
        self.vorderingen = VORDERING.findall(tekst) or self.vorderingen

    @task(3)
    def vordering(self):
        if self.vorderingen:
            self.pagina(random.choice(self.vorderingen), DETAIL)
        else:
            self.overzicht()

    @task(2)
    def tijdlijn(self):
        self.pagina("/tijdlijn/", TIMELINE)

    @task(1)
    def overzicht_pdf(self):
        brieven = self.pagina("/berichten/", "letters")
        gevonden = OVERZICHT_PDF.search(brieven)
        if gevonden is None:
            # No overview on paper yet: ask for one, as the button on the page does
            # (bench/load.py makes one for every persona beforehand).
            self.post("/overzicht/pdf/", "pdf request", self.csrf(brieven))
            return
        with self.client.get(gevonden.group(1), name=PDF, catch_response=True) as response:
            if response.status_code == 200 and not (response.content or b"").startswith(b"%PDF"):
                response.failure("the overview download is not a PDF")


class Helper(Persoon):
    weight = 1

    def on_start(self):
        account = next(HELPERS)
        inloggen = self.pagina(
            "/helpers/inloggen/", LOGIN_HELPER, moet_bevatten="csrfmiddlewaretoken"
        )
        dashboard = self.post(
            "/helpers/inloggen/",
            LOGIN_HELPER,
            self.csrf(inloggen),
            {"username": account["username"], "password": account["password"]},
        )
        self.onthoud(dashboard)
        for pagina in (self.client_overzicht, self.dashboard):
            self.wait()
            pagina()
        binnen(self.environment)

    def onthoud(self, dashboard: str) -> None:
        self.token = self.csrf(dashboard)
        self.clienten = NAMENS.findall(dashboard)

    @task(2)
    def dashboard(self):
        self.onthoud(self.pagina("/helpers/", DASHBOARD))

    @task(3)
    def client_overzicht(self):
        if not self.clienten:
            return self.dashboard()
        self.post(random.choice(self.clienten), CLIENT_OVERVIEW, self.token)
