"""Reads for pages and PDFs: a fixed number of queries, whatever the amount of data.

opbouw (how amounts are built), feiten (escalation facts in batch), overzicht (the
burger's whole picture and "wat moet ik nu doen"), tijdlijn (past and future moments).
"""

from invordering.selectors.helpers import ClientRegel, Dashboard, dashboard
from invordering.selectors.opbouw import Opbouw, opbouw_per_vordering
from invordering.selectors.overzicht import Overzicht, overzicht
from invordering.selectors.tijdlijn import Tijdlijn, tijdlijn

__all__ = [
    "ClientRegel",
    "Dashboard",
    "Opbouw",
    "Overzicht",
    "Tijdlijn",
    "dashboard",
    "opbouw_per_vordering",
    "overzicht",
    "tijdlijn",
]
