"""Playwright with Debian's chromium against a live server holding the demo world."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session", autouse=True)
def _statische_bestanden_via_whitenoise():
    """Serve /static/ as production does: WhiteNoise from the collected, hashed files.

    The live server's own static handler looks files up by their source names and would
    answer 404 for the hashed names of the manifest storage, leaving pages unstyled.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    origineel = StaticFilesHandler._should_handle
    StaticFilesHandler._should_handle = lambda self, path: False
    yield
    StaticFilesHandler._should_handle = origineel


ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # playwright install cannot download browsers here: use the system chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


# Chromium reports a resource the Content-Security-Policy blocks twice: as a console
# message ("... violates the following Content Security Policy directive ...") and as a
# securitypolicyviolation event in the page. Both are heard; so are errors in the
# Permissions-Policy header (a feature this browser does not know) and uncaught script
# errors. Init scripts and page.evaluate (axe-core) run outside the page's CSP.
SCHENDING_LUISTERAAR = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.meldSchending(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""
SCRIPTFOUT = "script error"


@pytest.fixture
def schendingen(page) -> list[str]:
    """What the browser refused (CSP, Permissions-Policy) or failed on, with the page's URL."""
    gevonden: list[str] = []

    def console(bericht) -> None:
        if "Content Security Policy" in bericht.text or "Permissions-Policy" in bericht.text:
            gevonden.append(f"{page.url}: console: {bericht.text}")

    page.on("console", console)
    page.on("pageerror", lambda fout: gevonden.append(f"{page.url}: {SCRIPTFOUT}: {fout}"))
    page.expose_function("meldSchending", lambda tekst: gevonden.append(f"{page.url}: {tekst}"))
    page.add_init_script(SCHENDING_LUISTERAAR)
    return gevonden


@pytest.fixture(autouse=True)
def _geen_csp_schendingen(request):
    """Every browser test, the flows included, fails when the CSP blocked something."""
    if "page" not in request.fixturenames:
        yield
        return
    gevonden = request.getfixturevalue("schendingen")
    yield
    geweigerd = [s for s in gevonden if f": {SCRIPTFOUT}: " not in s]
    assert not geweigerd, "Blocked by the browser's policies:\n" + "\n".join(geweigerd)


@pytest.fixture
def live_demo(live_server, demo, transactional_db):
    """The live server's URL, with the demo world built in its database."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from invordering.demo.seed import bouw_wereld

    bouw_wereld()
    return live_server.url


AXE_REGELS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def toegankelijk(page) -> None:
    """Assert axe-core finds no WCAG 2.2 A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(page, options=AXE_REGELS)
    overtredingen = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in resultaat.response["violations"]
    ]
    assert not overtredingen, f"{page.url}: " + "; ".join(overtredingen)


def past_op_smal_scherm(page) -> None:
    """No horizontal scrolling at 320 CSS px: what 400% zoom of 1280 px looks like."""
    page.set_viewport_size({"width": 320, "height": 800})
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 320, f"{page.url} is {breedte}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 900})


def vastleggen(page, naam: str) -> None:
    """With SCREENSHOTS=<folder> (e.g. docs/screenshots), keep a picture of the page."""
    map_ = os.environ.get("SCREENSHOTS")
    if map_:
        page.screenshot(path=f"{map_}/{naam}.png", full_page=True)
