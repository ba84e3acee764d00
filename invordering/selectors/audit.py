"""The audit trail as one list: every look (Inzage) and every change by a person (Event),
newest first, searchable by burger, user, period and kind.

Both tables stay as they are (append-only, each written where it happens); this reads
them as one ``UNION ALL`` ordered and cut by PostgreSQL, then fetches the people on the
page: at most four queries per page however long the trail (five with a user's name).
There is no total count: counting millions of rows for a page number nobody needs would
cost more than the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat

from invordering import clock
from invordering.models import ActorRol, Burger, Event, Inzage, Machtiging, User

LEZEN, WIJZIGEN = "lezen", "wijzigen"
PER_PAGINA = 50
# Deeper than this, narrow the search (each page reads all rows before it).
MAX_PAGINA = 200
KOLOMMEN = ("a_soort", "a_id", "a_tijdstip", "a_burger", "a_user", "a_rol", "a_machtiging")
KOLOMMEN += ("a_wat", "a_pad", "a_ip")


@dataclass(frozen=True)
class Zoekvraag:
    """What the auditor asks; every part is optional ("" or None means any)."""

    bsn: str = ""
    gebruiker: str = ""  # a user name (exact) or part of a person's name
    van: date | None = None
    tot: date | None = None  # inclusive
    soort: str = ""  # LEZEN, WIJZIGEN or ""


@dataclass
class Regel:
    soort: str  # LEZEN or WIJZIGEN
    tijdstip: datetime
    burger: Burger
    user: User | None
    rol: str
    machtiging: Machtiging | None
    wat: str  # the page's URL name (a look) or the EventSoort (a change)
    pad: str
    ip: str | None

    @property
    def is_lezen(self) -> bool:
        return self.soort == LEZEN


@dataclass
class Pagina:
    regels: list[Regel]
    nummer: int
    heeft_volgende: bool

    @property
    def heeft_vorige(self) -> bool:
        return self.nummer > 1


def gebruikers(wie: str) -> list[int]:
    """The users meant: the user name exactly, or a part of the full name (any case)."""
    wie = wie.strip()
    return list(
        User.objects.annotate(
            volledig=Concat("first_name", Value(" "), "last_name", output_field=CharField())
        )
        .filter(Q(username__iexact=wie) | Q(volledig__icontains=wie))
        .values_list("pk", flat=True)
    )


def _personen(vraag: Zoekvraag, qs: QuerySet, veld: str, users: list[int] | None) -> QuerySet:
    if vraag.bsn:
        qs = qs.filter(burger__bsn=vraag.bsn)
    if users is not None:
        # The ids themselves, not a subquery: with a list PostgreSQL reads those users'
        # rows by index instead of walking the whole trail back in time looking for them.
        qs = qs.filter(**{f"{veld}__in": users})
    if vraag.van:
        qs = qs.filter(tijdstip__gte=clock.op_dag(vraag.van, 0))
    if vraag.tot:
        qs = qs.filter(tijdstip__lt=clock.op_dag(vraag.tot + timedelta(days=1), 0))
    return qs


def _inzagen(vraag: Zoekvraag, users: list[int] | None):
    return (
        _personen(vraag, Inzage.objects.order_by(), "user", users)
        .annotate(
            a_soort=Value(LEZEN, output_field=CharField()),
            a_id=F("id"),
            a_tijdstip=F("tijdstip"),
            a_burger=F("burger_id"),
            a_user=F("user_id"),
            a_rol=F("rol"),
            a_machtiging=F("machtiging_id"),
            a_wat=F("pagina"),
            a_pad=F("pad"),
            a_ip=F("ip"),
        )
        .values_list(*KOLOMMEN)
    )


def _wijzigingen(vraag: Zoekvraag, users: list[int] | None):
    # The same condition as the partial index event_door_persoon_idx.
    personen = Event.objects.order_by().exclude(actor_rol=ActorRol.SYSTEEM)
    return (
        _personen(vraag, personen, "actor", users)
        .annotate(
            a_soort=Value(WIJZIGEN, output_field=CharField()),
            a_id=F("id"),
            a_tijdstip=F("tijdstip"),
            a_burger=F("burger_id"),
            a_user=F("actor_id"),
            a_rol=F("actor_rol"),
            a_machtiging=F("machtiging_id"),
            a_wat=F("soort"),
            a_pad=Value("", output_field=CharField()),
            a_ip=F("ip"),
        )
        .values_list(*KOLOMMEN)
    )


def zoek(vraag: Zoekvraag, *, nummer: int = 1, per_pagina: int = PER_PAGINA) -> Pagina:
    """Page ``nummer`` (from 1, at most MAX_PAGINA) of the trail, newest first."""
    nummer = min(max(nummer, 1), MAX_PAGINA)
    users = gebruikers(vraag.gebruiker) if vraag.gebruiker.strip() else None
    if users == []:
        return Pagina([], nummer, False)  # nobody by that name: nothing they did
    begin = (nummer - 1) * per_pagina
    eind = begin + per_pagina + 1  # one more than the page: is there an older one?
    # Each table ordered and cut on its own first, so each walks its own time index
    # backwards and stops; the planner does not do that through a bare UNION.
    nieuwste = ("-a_tijdstip", "-a_id")
    delen = []
    if vraag.soort in ("", LEZEN):
        delen.append(_inzagen(vraag, users).order_by(*nieuwste)[:eind])
    if vraag.soort in ("", WIJZIGEN):
        delen.append(_wijzigingen(vraag, users).order_by(*nieuwste)[:eind])
    if len(delen) > 1:
        rijen = list(delen[0].union(*delen[1:], all=True).order_by(*nieuwste)[begin:eind])
    else:
        rijen = list(delen[0])[begin:eind]
    return Pagina(_regels(rijen[:per_pagina]), nummer, len(rijen) > per_pagina)


def _regels(rijen: list[tuple]) -> list[Regel]:
    burgers = Burger.objects.in_bulk({r[3] for r in rijen})
    users = User.objects.in_bulk({r[4] for r in rijen if r[4] is not None})
    machtigingen = Machtiging.objects.select_related("gemachtigde").in_bulk(
        {r[6] for r in rijen if r[6] is not None}
    )
    return [
        Regel(
            soort=soort,
            tijdstip=tijdstip,
            burger=burgers[burger_id],
            user=users.get(user_id),
            rol=rol,
            machtiging=machtigingen.get(machtiging_id),
            wat=wat,
            pad=pad,
            ip=ip,
        )
        for soort, _id, tijdstip, burger_id, user_id, rol, machtiging_id, wat, pad, ip in rijen
    ]
