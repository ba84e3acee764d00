"""gunicorn's own logs without BSNs or amounts, like Django's (config.logprivacy).

gunicorn writes its access and error logs through its own loggers, outside
settings.LOGGING. The access log holds every request line with its query string, and a
search (the audit trail by BSN, the search box of the staff environment, a login that
sends the searched page along in ``next``) puts a BSN there:
``GET /beheer/audit/?bsn=123456782``. So the access log keeps the path and the names of
the query parameters and leaves out their values, in the request line and in the
referer: ``GET /beheer/audit/?bsn=***``. Which page, who, when and the status stay.
The error log gets the same masking filter as Django's logs.

Used by every way the product is served: gunicorn reads ./gunicorn.conf.py by itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from gunicorn.glogging import Logger

from config.logprivacy import PrivacyFilter

WEGGELATEN = "***"


def zonder_waarden(query: str) -> str:
    """'bsn=123456782&pagina=2' -> 'bsn=***&pagina=***'; the names say enough."""
    if not query:
        return query
    delen = (deel.partition("=") for deel in query.split("&"))
    return "&".join(naam + (f"={WEGGELATEN}" if is_ else "") for naam, is_, _w in delen)


def adres_zonder_waarden(adres: str) -> str:
    """A URL or path with its query values left out (the referer, the request target)."""
    if "?" not in adres:
        return adres
    delen = urlsplit(adres)
    return urlunsplit(delen._replace(query=zonder_waarden(delen.query), fragment=""))


class PrivacyLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        # setup runs again on a configuration reload: one filter, not one per reload.
        if not any(isinstance(f, PrivacyFilter) for f in self.error_log.filters):
            self.error_log.addFilter(PrivacyFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        methode, _spatie, rest = atoms["r"].partition(" ")
        doel, _spatie, protocol = rest.rpartition(" ")
        atoms["r"] = f"{methode} {adres_zonder_waarden(doel)} {protocol}"
        atoms["q"] = zonder_waarden(atoms["q"] or "")
        for sleutel in ("f", "{referer}i"):
            if atoms.get(sleutel):
                atoms[sleutel] = adres_zonder_waarden(atoms[sleutel])
        return atoms
