"""Plain words for the outcomes an engine run counts (the rule's reasons), for staff."""

from django.utils.translation import gettext_lazy as _

UITKOMST_TEKST = {
    # waiting, with the reason
    "binnen_betaaltermijn": _("waits: still within the time to pay"),
    "herinnering_loopt": _("waits: the reminder's term is running"),
    "wacht_op_contact": _("waits: personal contact first"),
    "verrekening_loopt": _("waits: being offset against an advance"),
    "aanmaning_loopt": _("waits: the formal notice's term is running"),
    "dwangbevel_loopt": _("waits: the writ's term is running"),
    "wacht_op_besluit_beslag": _("waits: a staff member decides on seizure"),
    "beslag_loopt": _("waits: seizure is running"),
    "afgerond": _("settled"),
    "dwanginvordering_uit": _("held: forced collection is off in this regime"),
    "geen_definitieve_berekening": _("held: not based on a final award"),
    "verzoek_in_behandeling": _("held: a request is being handled"),
    "pauze_actief": _("held: collection is paused"),
    "bezwaar_met_uitstel": _("held: objection with deferral of payment"),
    "regeling_lopend": _("held: a payment plan is running"),
    "open_maatwerk_signaal": _("held: an open signal for a custom solution"),
    # moving, with the reason
    "vervaldatum_verstreken": _("moved: reminder after the due date"),
    "stilgevallen": _("moved: no reaction, so a call instead of the next step"),
    "signaal_afgehandeld": _("moved: staff chose to continue after contact"),
    "wachttijd_verstreken": _("moved: the wait for contact ended"),
    "herinnering_verstreken": _("moved: formal notice after the reminder"),
    "voorschot_loopt": _("moved: offsetting against a running advance"),
    "verrekening_gestopt": _("moved: offsetting stopped, formal notice"),
    "aanmaning_verstreken": _("moved: writ after the formal notice"),
    "beslag_besloten": _("moved: seizure, as a staff member decided"),
    "regeling_beeindigd": _("moved: payment plan ended, reminder"),
    "betaald": _("moved: paid in full, settled"),
    "termijn_gemist": _("instalment missed: reminder sent"),
    "regeling_verschuiven": _("payment plan moved one month"),
    "regeling_intrekken": _("payment plan withdrawn"),
    # the monthly verrekening
    "verrekend": _("offset against an advance"),
    "niets_ingehouden": _("nothing withheld (minimum payout or limit reached)"),
    "geen_voorschot": _("no advance to offset against this month"),
    "pauze": _("not offset: collection is paused"),
    "al_verrekend": _("already offset this month (nothing done twice)"),
    "fout": _("error: see the chunks below"),
}


def uitkomst_tekst(sleutel: str) -> str:
    return str(UITKOMST_TEKST.get(sleutel, sleutel))
