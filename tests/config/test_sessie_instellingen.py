"""The idle-session settings (citizen.sessie): defaults, and wrong values stop start-up."""

from __future__ import annotations

import pytest

from tests.config.test_settings import laad


def test_the_idle_limit_is_15_minutes_with_a_warning_2_minutes_before():
    from django.conf import settings

    assert settings.SESSION_IDLE_SECONDEN == 900
    assert settings.SESSION_WAARSCHUWING_SECONDEN == 120


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SESSION_IDLE_SECONDEN": "kwartier"}, "SESSION_IDLE_SECONDEN"),
        # Under a minute nobody can read a page.
        ({"SESSION_IDLE_SECONDEN": "30"}, "SESSION_IDLE_SECONDEN"),
        # WCAG 2.2.1: at least 20 seconds to answer the warning.
        ({"SESSION_WAARSCHUWING_SECONDEN": "10"}, "SESSION_WAARSCHUWING_SECONDEN"),
        # A warning longer than the session would be there from the first page.
        (
            {"SESSION_IDLE_SECONDEN": "300", "SESSION_WAARSCHUWING_SECONDEN": "300"},
            "SESSION_WAARSCHUWING_SECONDEN",
        ),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(tmp_path, env, variable):
    result = laad(tmp_path, DEMO="true", **env)
    assert result.returncode != 0
    assert f"Environment variable {variable}" in result.stderr


def test_a_deployment_can_choose_other_values(tmp_path):
    assert laad(tmp_path, DEMO="true", SESSION_IDLE_SECONDEN="1800").returncode == 0
