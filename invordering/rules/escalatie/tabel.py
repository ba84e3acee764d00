"""The fasen of a vordering's escalation and the transitions between them."""

FASEN: tuple[str, ...] = (
    "open",
    "herinnering",
    "signaal",
    "verrekening",
    "aanmaning",
    "dwangbevel",
    "beslag",
    "regeling",
    "afgerond",
)
EINDFASE = "afgerond"

# The escalation path proper; "regeling" and "afgerond" are added below for every
# non-final fase, because a regeling stays possible at every stage (spijtoptant) and a
# vordering can be paid or waived at any moment.
_PAD: dict[str, frozenset[str]] = {
    "open": frozenset({"herinnering"}),
    "herinnering": frozenset({"signaal", "verrekening", "aanmaning"}),
    "signaal": frozenset({"verrekening", "aanmaning"}),
    "verrekening": frozenset({"aanmaning"}),
    "aanmaning": frozenset({"dwangbevel"}),
    "dwangbevel": frozenset({"beslag"}),
    "beslag": frozenset(),
    "regeling": frozenset({"herinnering"}),  # withdrawn: the rest is due again
}
OVERGANGEN: dict[str, frozenset[str]] = {
    **{fase: naar | ({"regeling", EINDFASE} - {fase}) for fase, naar in _PAD.items()},
    EINDFASE: frozenset(),
}


def mag_overgaan(van: str, naar: str) -> bool:
    """True when the table allows ``van`` -> ``naar``; an unknown fase raises ValueError.

    Example: ``mag_overgaan("aanmaning", "regeling")`` is True, ``("open", "beslag")`` False.
    """
    for fase in (van, naar):
        if fase not in OVERGANGEN:
            raise ValueError(f"unknown fase {fase!r}")
    return naar in OVERGANGEN[van]
