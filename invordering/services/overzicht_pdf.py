"""The overview as a letter: a Document (soort "overzicht") with a snapshot of everything.

The PDF is rendered later by the Celery task from ``snapshot["data"]`` alone, so it can be
reproduced exactly as made, whatever happens to the debts afterwards. The snapshot is built
with the same selectors as the overview page, so page and paper never disagree.

Snapshot schema (``snapshot["data"]``; amounts are strings "1234.50", dates ISO strings):

    versie          1 (the schema version)
    vandaag         the day the overview describes
    gevraagd_door   name of the person who asked for it, when not the burger (else "")
    actie           "wat moet ik nu doen": soort, uiterlijk, bedrag, onderwerpen, details
    totaal          parts of everything still open: hoofdsom, rente, kosten, correctie,
                    betaald, verrekend, kwijtgescholden, open
    aantal_open     number of open vorderingen
    vorderingen     open vorderingen, oldest first: kenmerk, betalingskenmerk, toeslag,
                    jaar, dagtekening, vervaldatum, fase, opbouw (as totaal), waarom
                    (voorschot_totaal, recht, vorig_recht, verschil, reden, or None), kaart
                    (the shape teksten/fase.html reads), regeling (kenmerk or ""),
                    als_niets (list of datum, naar, kosten)
    afgerond        settled vorderingen: kenmerk, toeslag, jaar, hoofdsom, afgerond_op,
                    opbouw, kaart
    regelingen      running plans: kenmerk, soort, termijnbedrag, aantal, betaald_aantal,
                    betaald_bedrag, totaal, procent, einddatum, restschuld, gemist,
                    vorderingen (kenmerken), volgende (nummer, vervaldatum, bedrag, gemist)
    verzoeken       pending requests: soort, status, ingediend_op, beslistermijn, vorderingen
    pauzes          active pauses: van, tot, vorderingen
    betalingen      the most recent payments: datum, bedrag
    verrekeningen   the most recent deductions: maand, toeslag, jaar, voorschot, bedrag,
                    uitbetaald
    tijdlijn        verleden, toekomst: lists of moments (datum, soort, toekomst, kenmerk,
                    bedrag, data), the shape teksten/moment.html reads
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import Beschikking, BeschikkingSoort, Document, DocumentSoort
from invordering.rules.geld import cent
from invordering.rules.voorschot import VoorschotVersie, afrekening
from invordering.selectors.opbouw import Opbouw
from invordering.selectors.overzicht import Overzicht, RegelingKaart, VorderingKaart
from invordering.selectors.overzicht import overzicht as lees_overzicht
from invordering.selectors.tijdlijn import Moment
from invordering.selectors.tijdlijn import tijdlijn as lees_tijdlijn
from invordering.services.documenten import maak_brief

SCHEMA_VERSIE = 1
# Details of the action worth keeping; the rest are database ids a reader cannot use.
ACTIE_DETAILS = ("nummer", "van", "soort", "aantal")


@transaction.atomic
def maak_overzicht_document(*, burger, door=None) -> Document:
    """Snapshot today's overview of ``burger`` as a letter and queue its PDF after commit.

    ``door`` is the user who asked (the burger, a helper, a staff member); a name other
    than the burger's own is printed on the overview. Effects: one Document of soort
    "overzicht" (no event: it records no step in collection) with pdf_status
    "in_wachtrij", and the maak_pdf task queued on commit.
    """
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    ov = lees_overzicht(burger, vandaag=vandaag, beleid=beleid)
    tl = lees_tijdlijn(ov, verrekendag=beleid.verrekendag)
    data = overzicht_snapshot(ov, verleden=tl.verleden, toekomst=tl.toekomst)
    data["gevraagd_door"] = _naam_van(door, burger)
    return maak_brief(
        burger=burger,
        soort=DocumentSoort.OVERZICHT,
        dag=vandaag,
        data=json_veilig(data),
        pdf_maken=True,
    )


def json_veilig(data: dict[str, Any]) -> dict[str, Any]:
    """Exactly what the database will hand back: Decimals and dates become strings.

    Rendering a fresh document and a stored one then gives the same letter.
    """
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def overzicht_snapshot(
    ov: Overzicht, *, verleden: list[Moment], toekomst: list[Moment]
) -> dict[str, Any]:
    waarom = _waarom_per_vordering([k.vordering for k in ov.kaarten])
    return {
        "versie": SCHEMA_VERSIE,
        "vandaag": ov.vandaag,
        "actie": {
            "soort": ov.actie.soort,
            "uiterlijk": ov.actie.uiterlijk,
            "bedrag": ov.actie.bedrag,
            "onderwerpen": list(ov.actie.onderwerpen),
            "details": {k: v for k, v in ov.actie.details.items() if k in ACTIE_DETAILS},
        },
        "totaal": _opbouw(ov.totaal),
        "aantal_open": len(ov.open),
        "vorderingen": [_vordering(k, waarom.get(k.vordering.pk)) for k in ov.open],
        "afgerond": [_afgerond(k) for k in ov.afgerond],
        "regelingen": [_regeling(r) for r in ov.regelingen],
        "verzoeken": [
            {
                "soort": v.soort,
                "status": v.status,
                "ingediend_op": v.ingediend_op,
                "beslistermijn": v.beslistermijn,
                "vorderingen": [x.kenmerk for x in v.vorderingen.all()],
            }
            for v in ov.verzoeken
        ],
        "pauzes": [
            {
                "van": p.startdatum,
                "tot": p.beeindigd_op or p.einddatum,
                "vorderingen": [x.kenmerk for x in p.vorderingen.all()],
            }
            for p in ov.pauzes
        ],
        "betalingen": [{"datum": b.ontvangen_op, "bedrag": b.bedrag} for b in ov.betalingen],
        "verrekeningen": [
            {
                "maand": v.maand,
                "toeslag": v.toeslag.soort,
                "jaar": v.toeslag.jaar,
                "voorschot": v.voorschot,
                "bedrag": v.bedrag,
                "uitbetaald": v.uitbetaald,
            }
            for v in ov.verrekeningen
        ],
        "tijdlijn": {
            "verleden": [_moment(m) for m in verleden],
            "toekomst": [_moment(m) for m in toekomst],
        },
    }


def _naam_van(door, burger) -> str:
    if door is None or getattr(door, "pk", None) == burger.user_id:
        return ""
    return door.get_full_name() or door.get_username()


def _opbouw(opbouw: Opbouw) -> dict[str, Any]:
    # Quantized, so a template can test a part against "0.00".
    delen = {f.name: cent(getattr(opbouw, f.name)) for f in fields(Opbouw)}
    return {**delen, "open": cent(opbouw.open)}


def _kaart(kaart: VorderingKaart) -> dict[str, Any]:
    """The shape invordering/teksten/fase.html reads, so page and paper say the same."""
    v = kaart.vordering
    pauze = kaart.pauze
    return {
        "vordering": {
            "fase": v.fase,
            "vervaldatum": v.vervaldatum,
            "afgerond_op": v.afgerond_op,
        },
        "verzoek": {"beslistermijn": kaart.verzoek.beslistermijn} if kaart.verzoek else None,
        "pauze": {"einddatum": pauze.beeindigd_op or pauze.einddatum} if pauze else None,
        "regeling": (
            {"regeling": {"kenmerk": kaart.regeling.regeling.kenmerk}} if kaart.regeling else None
        ),
    }


def _vordering(kaart: VorderingKaart, waarom: dict | None) -> dict[str, Any]:
    v = kaart.vordering
    return {
        "kenmerk": v.kenmerk,
        "betalingskenmerk": v.betalingskenmerk,
        "toeslag": v.toeslag.soort,
        "jaar": v.toeslag.jaar,
        "dagtekening": v.dagtekening,
        "vervaldatum": v.vervaldatum,
        "fase": v.fase,
        "opbouw": _opbouw(kaart.opbouw),
        "waarom": waarom,
        "kaart": _kaart(kaart),
        "regeling": kaart.regeling.regeling.kenmerk if kaart.regeling else "",
        "als_niets": [
            {"datum": dag, "naar": stap.naar, "kosten": stap.kosten or None}
            for dag, stap in kaart.als_niets
        ],
    }


def _afgerond(kaart: VorderingKaart) -> dict[str, Any]:
    v = kaart.vordering
    return {
        "kenmerk": v.kenmerk,
        "toeslag": v.toeslag.soort,
        "jaar": v.toeslag.jaar,
        "hoofdsom": v.hoofdsom,
        "afgerond_op": v.afgerond_op,
        "opbouw": _opbouw(kaart.opbouw),
        "kaart": _kaart(kaart),
    }


def _regeling(kaart: RegelingKaart) -> dict[str, Any]:
    r = kaart.regeling
    volgende = kaart.volgende
    return {
        "kenmerk": r.kenmerk,
        "soort": r.soort,
        "termijnbedrag": r.termijnbedrag,
        "aantal": r.aantal_termijnen,
        "betaald_aantal": kaart.betaald_aantal,
        "betaald_bedrag": kaart.betaald_bedrag,
        "totaal": kaart.totaal,
        "procent": kaart.procent,
        "einddatum": kaart.einddatum,
        "restschuld": r.voorwaardelijke_restschuld,
        "gemist": len(kaart.gemist),
        "vorderingen": kaart.kenmerken,
        "volgende": (
            {
                "nummer": volgende.nummer,
                "vervaldatum": volgende.vervaldatum,
                "bedrag": volgende.open_bedrag,
                "gemist": volgende.status == "gemist",
            }
            if volgende
            else None
        ),
    }


def _moment(moment: Moment) -> dict[str, Any]:
    return {
        "datum": moment.datum,
        "soort": moment.soort,
        "toekomst": moment.toekomst,
        "kenmerk": moment.kenmerk,
        "bedrag": moment.bedrag,
        "data": moment.data,
    }


def _waarom_per_vordering(vorderingen) -> dict[int, dict[str, Any]]:
    """The numbers behind each vordering, from its toeslag's beschikkingen (one query).

    A terugvordering after the definitieve berekening: voorschot received minus the real
    entitlement (example: 12 x 310.00 = 3,720.00 received, entitled to 0.00 -> 3,720.00).
    After a herziening: the earlier entitlement minus the new one.
    """
    per_toeslag: dict[int, list[Beschikking]] = {}
    for b in Beschikking.objects.filter(
        toeslag_id__in={v.toeslag_id for v in vorderingen}
    ).order_by("dagtekening", "versie", "pk"):
        per_toeslag.setdefault(b.toeslag_id, []).append(b)
    return {v.pk: _waarom(v, per_toeslag.get(v.toeslag_id, [])) for v in vorderingen}


def _waarom(vordering, beschikkingen: list[Beschikking]) -> dict[str, Any] | None:
    besluiten = [
        b
        for b in beschikkingen
        if b.soort in (BeschikkingSoort.DEFINITIEF, BeschikkingSoort.HERZIENING)
        and b.dagtekening <= vordering.dagtekening
    ]
    if not besluiten:
        return None
    besluit = besluiten[-1]
    reden = vordering.beschikking.reden if vordering.beschikking_id else besluit.reden
    if besluit.soort == BeschikkingSoort.HERZIENING and len(besluiten) > 1:
        vorig = besluiten[-2].jaarbedrag
        return {
            "voorschot_totaal": None,
            "recht": besluit.jaarbedrag,
            "vorig_recht": vorig,
            "verschil": vorig - besluit.jaarbedrag,
            "reden": reden,
        }
    versies = [
        VoorschotVersie(versie=b.versie, ingangsmaand=b.ingangsmaand, maandbedrag=b.maandbedrag)
        for b in beschikkingen
        if b.soort == BeschikkingSoort.VOORSCHOT and b.dagtekening <= besluit.dagtekening
    ]
    if not versies:
        return None
    afr = afrekening(versies=versies, definitief=besluit.jaarbedrag)
    return {
        "voorschot_totaal": afr.voorschot_totaal,
        "recht": afr.definitief,
        "vorig_recht": None,
        "verschil": afr.verschil,
        "reden": reden,
    }
