"""Notifications: an e-mail that a new letter is waiting, never with its contents.

E-mail is not a safe place for amounts or debts; the message only says that there is
something new and where to read it. Sent by a worker after the letter is committed.
"""

from __future__ import annotations

from django.db import transaction


def meld_nieuw_bericht(document) -> None:
    """Queue the e-mail for a letter once the transaction that made it has committed."""
    from invordering.tasks import stuur_melding

    if document.burger.email:
        transaction.on_commit(lambda: stuur_melding.delay(document.pk))
