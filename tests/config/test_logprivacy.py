"""No BSN or amount of money reaches a log line (config/logprivacy.py)."""

from __future__ import annotations

import io
import logging

import pytest

from config.logprivacy import PrivacyFilter, maskeer


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("BSN 123456782 not found", "BSN ********* not found"),
        ("paid € 1.234,56 on 2026-11-24", "paid € *** on 2026-11-24"),
        ("booking -25.00 for vordering 17", "booking € *** for vordering 17"),
        ("saldo 640.00, termijn 26,66", "saldo € ***, termijn € ***"),
        ("document 12345 and run 2026-11", "document 12345 and run 2026-11"),
        ("phone 0800-0543", "phone 0800-0543"),
        ("/usr/lib/python3.11/site.py", "/usr/lib/python3.11/site.py"),
    ],
)
def test_bsns_and_amounts_are_masked_and_other_numbers_stay(tekst, verwacht):
    assert maskeer(tekst) == verwacht


def test_the_configured_handler_masks_messages_arguments_and_tracebacks():
    uit = io.StringIO()
    handler = logging.StreamHandler(uit)
    handler.addFilter(PrivacyFilter())
    logger = logging.getLogger("tests.logprivacy")
    logger.addHandler(handler)
    try:
        logger.warning("burger %s owes %s", "123456782", "1.168,68")
        try:
            raise ValueError("saldo 99.50 for 987654321")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    tekst = uit.getvalue()
    assert "123456782" not in tekst and "1.168,68" not in tekst
    assert "99.50" not in tekst and "987654321" not in tekst
    assert (
        "burger ********* owes € ***" in tekst and "ValueError: saldo € *** for *********" in tekst
    )


def test_settings_put_the_filter_on_every_handler():
    from django.conf import settings

    for naam, handler in settings.LOGGING["handlers"].items():
        assert "privacy" in handler.get("filters", []), naam


def test_workers_log_through_the_same_filtered_handlers():
    from celery.signals import setup_logging

    root = logging.getLogger()
    voor = list(root.handlers)
    try:
        root.handlers[:] = []  # as in a fresh worker process, before logging is set up
        setup_logging.send(sender=None, loglevel="INFO", logfile=None, format="", colorize=False)
        assert any(isinstance(f, PrivacyFilter) for h in root.handlers for f in h.filters), (
            root.handlers
        )
    finally:
        root.handlers[:] = voor
