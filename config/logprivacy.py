"""Keep BSNs and amounts out of the logs.

Logs travel further than the database (to a log service, into a ticket, onto a
laptop), and they are not covered by the authorization checks. A message or a
traceback that mentions a BSN or an amount of money is masked before it is written:
nine digits in a row become "*********", an amount with cents becomes "€ ***".
"""

from __future__ import annotations

import logging
import re

BSN = re.compile(r"(?<!\d)\d{9}(?!\d)")
# 1.234,56 / 1234.56 / € 25,00 / -25.00: digits with exactly two decimals.
BEDRAG = re.compile(r"(?:€\s?)?-?(?<![A-Za-z\d.,])\d{1,3}(?:[.\s]?\d{3})*[.,]\d{2}(?!\d|[.,]\d)")


def maskeer(tekst: str) -> str:
    return BEDRAG.sub("€ ***", BSN.sub("*********", tekst))


class PrivacyFilter(logging.Filter):
    """A logging filter for every handler (settings.LOGGING): masks the message and
    the traceback text; the record itself stays, so nothing is lost but the numbers."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = maskeer(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = maskeer(record.exc_text)
        return True
