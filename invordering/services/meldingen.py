"""Notifications: an e-mail that a new letter is waiting, never with its contents.

E-mail is not a safe place for amounts or debts; the message only says that there is
something new and where to read it. Sent by a worker after the letter is committed.
"""

from __future__ import annotations

from invordering import wachtrij


def meld_nieuw_bericht(document) -> None:
    """Queue the e-mail for a letter once the transaction that made it has committed
    (kept for later when the queue is away: invordering.wachtrij)."""
    from invordering.tasks import stuur_melding

    if document.burger.email:
        wachtrij.na_commit(stuur_melding, document.pk)
