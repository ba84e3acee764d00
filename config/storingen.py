"""Faults in the services behind the site: the database or the queue away for a while.

- PostgreSQL restarting: a transaction is all or nothing, so a request that loses its
  connection saved nothing half. The forms that send something (a request, a payment)
  catch it themselves and come back with what was filled in and ``niet_bewaard``'s
  message; any other page gets a calm 503 "try again" page from this middleware, and the
  broken connection is closed so the next request connects afresh (CONN_HEALTH_CHECKS
  covers a connection that died between requests).
- Redis away: work for a worker is kept (invordering.wachtrij) and the page says that a
  letter or e-mail comes a little later.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from invordering import wachtrij

logger = logging.getLogger(__name__)

# What psycopg raises when the server went away mid-request (restart, terminated backend,
# network); Django wraps both. Data errors (IntegrityError and friends) are bugs, not this.
DATABASE_WEG = (OperationalError, InterfaceError)
WACHT_SECONDEN = 30


def herstel_verbindingen() -> None:
    """Close connections that broke, so the next query connects again (within this
    request: the form can be shown once more with what the person filled in)."""
    for verbinding in connections.all(initialized_only=True):
        if verbinding.connection is None or verbinding.in_atomic_block:
            continue
        if not verbinding.is_usable():
            verbinding.close()


def niet_bewaard(request, tekst: str | None = None) -> None:
    """After a database fault in a form: log it, reconnect, tell the person plainly."""
    logger.warning("Database unreachable while saving %s", request.path, exc_info=True)
    herstel_verbindingen()
    messages.error(
        request,
        tekst
        or _(
            "We could not save this just now because of a fault on our side. Nothing was "
            "saved. What you filled in is still here: please send it again. Does it keep "
            "going wrong? Try again in a few minutes."
        ),
    )


def storingspagina() -> HttpResponse:
    """503 with Retry-After; rendered without a request (no database, no session)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(WACHT_SECONDEN)
    return response


class StoringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with wachtrij.volg() as uitgesteld:
            response = self.get_response(request)
        if uitgesteld and hasattr(request, "_messages"):
            messages.warning(
                request,
                _(
                    "Everything is saved. A letter or e-mail that goes with it takes a little "
                    "longer than usual; it follows by itself. You do not need to do anything "
                    "again."
                ),
            )
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_WEG):
            return None
        logger.error("Database unreachable on %s", request.path, exc_info=exception)
        herstel_verbindingen()
        return storingspagina()
