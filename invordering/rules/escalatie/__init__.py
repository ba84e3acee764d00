"""Escalation of one vordering (DOMAIN.md section 3).

``tabel`` holds the fasen and the allowed transitions, ``feiten`` the inputs, the policy,
the outcome and the guards, ``stap`` the rule itself (``bepaal_stap``) and the
"als u niets doet" projection. Import from this package; the split is only for size.
"""

from invordering.rules.escalatie.feiten import (
    GUARDS,
    EscalatieBeleid,
    Feiten,
    Guard,
    Stap,
    dwangbevelkosten,
    guard_bezwaar_met_uitstel,
    guard_open_maatwerk_signaal,
    guard_pauze_actief,
    guard_regeling_lopend,
    guard_verzoek_in_behandeling,
    guards,
)
from invordering.rules.escalatie.stap import bepaal_stap, projectie
from invordering.rules.escalatie.tabel import EINDFASE, FASEN, OVERGANGEN, mag_overgaan

__all__ = [
    "EINDFASE",
    "FASEN",
    "GUARDS",
    "OVERGANGEN",
    "EscalatieBeleid",
    "Feiten",
    "Guard",
    "Stap",
    "bepaal_stap",
    "dwangbevelkosten",
    "guard_bezwaar_met_uitstel",
    "guard_open_maatwerk_signaal",
    "guard_pauze_actief",
    "guard_regeling_lopend",
    "guard_verzoek_in_behandeling",
    "guards",
    "mag_overgaan",
    "projectie",
]
