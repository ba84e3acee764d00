"""The audit trail's two halves: who looked at whose data (Inzage) and from which address
each change came (Event.ip).

Views never write audit rows themselves. They say what a request shows with ``lees()``
(the policy does it for every helper page; staff views, the admin and downloads call it)
and ``AuditMiddleware`` writes all of it in one INSERT when the response is served, so a
page costs one insert whatever it shows, and a refused or failed request (404, 403, 500)
records nothing it did not show. The same middleware keeps the client's address for the
request, so ``registreer_event`` stamps every change by a person with it without any
service having to pass it on.
"""

from __future__ import annotations

from contextvars import ContextVar

from invordering import clock
from invordering.proxies import client_ip  # X-Forwarded-For only from TRUSTED_PROXIES

# The address of the request being served in this thread; None outside a request (workers,
# beat, management commands), where only the system acts.
_ip: ContextVar[str | None] = ContextVar("audit_ip", default=None)
GELEZEN = "_audit_gelezen"
# A refused form sent back with the page it was on (a decision that did not fit, or was
# overtaken by a colleague): the page was shown, so the look counts.
GETOOND_MET_FOUT = (400, 409)


def huidig_ip() -> str | None:
    """The address of the person whose request is being served, if any."""
    return _ip.get()


def lees(request, *burgers, rol: str, machtiging=None, pagina: str = "") -> None:
    """Note that this response shows data of ``burgers`` (objects or ids) to a helper or a
    staff member (``rol``); written by ``AuditMiddleware`` once the response is served.

    Asking twice for the same burger in one request records one row.
    """
    gelezen = getattr(request, GELEZEN, None)
    if gelezen is None:
        gelezen = {}
        setattr(request, GELEZEN, gelezen)
    for burger in burgers:
        burger_id = getattr(burger, "pk", burger)
        if burger_id is not None:
            gelezen.setdefault(burger_id, (rol, getattr(machtiging, "pk", machtiging), pagina))


def schrijf_inzagen(request) -> int:
    """Write what ``lees()`` noted for this request: one INSERT, however many burgers."""
    from invordering.models import Inzage

    gelezen = getattr(request, GELEZEN, None)
    setattr(request, GELEZEN, None)
    if not gelezen or not request.user.is_authenticated:
        return 0
    match = getattr(request, "resolver_match", None)
    tijdstip, ip, pad = clock.now(), client_ip(request), request.path[:300]
    Inzage.objects.bulk_create(
        Inzage(
            burger_id=burger_id,
            user=request.user,
            rol=rol,
            machtiging_id=machtiging_id,
            pagina=(pagina or (match.view_name if match else ""))[:80],
            pad=pad,
            ip=ip,
            tijdstip=tijdstip,
        )
        for burger_id, (rol, machtiging_id, pagina) in gelezen.items()
    )
    return len(gelezen)


class AuditMiddleware:
    """Keeps the client's address for this request's events, and records what it showed.

    Only a page that was shown counts as a look: a success or a redirect, or a refused form
    shown again (GETOOND_MET_FOUT); a 403, a 404 for someone else's object, or a crash
    showed nothing. Sits after the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _ip.set(client_ip(request))
        try:
            response = self.get_response(request)
            if response.status_code < 400 or response.status_code in GETOOND_MET_FOUT:
                schrijf_inzagen(request)
            return response
        finally:
            _ip.reset(token)
