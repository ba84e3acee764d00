"""Keeping why vorderingen wait: one Wachtperiode each time the reason changes.

The daily pass decides for every open vordering and most of them wait; writing a row for
each of them every day would be a million rows a day. Only a change of reason is written
(and the reason kept on the vordering, read with the row the pass reads anyway), so a
quiet day writes almost nothing and the history still answers "why did it not move on
that day": the reason of the latest period that began on or before it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from invordering.models import Vordering, Wachtperiode
from invordering.services.bulk import schrijf


class Wachten:
    """The reasons that changed in one chunk of a pass, written together at its end."""

    def __init__(self) -> None:
        self.nieuw: dict[int, str] = {}

    def noteer(self, vordering_id: int, *, was: str, reden: str) -> None:
        if reden != was:
            self.nieuw[vordering_id] = reden

    def leg_vast(self, *, dag: date) -> int:
        """Append the new periods and keep each reason on its vordering; returns how many."""
        if not self.nieuw:
            return 0
        schrijf(
            Wachtperiode,
            (
                {"vordering_id": pk, "reden": reden, "vanaf": dag}
                for pk, reden in self.nieuw.items()
            ),
        )
        per_reden: dict[str, list[int]] = defaultdict(list)
        for pk, reden in self.nieuw.items():
            per_reden[reden].append(pk)
        for reden, ids in per_reden.items():  # a handful of reasons: a handful of updates
            Vordering.objects.filter(pk__in=ids).update(wacht_reden=reden, wacht_sinds=dag)
        return len(self.nieuw)
