"""Both languages are complete: every msgid in the code is translated to Dutch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
NL = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
BRONNEN = (
    "config",
    "invordering",
    "citizen",
    "staff",
    "testkit",
    "templates",
    "locale",
    "manage.py",
)


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(NL))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext (make test installs it)")
def test_placeholders_match_between_english_and_dutch():
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(NL)], check=True)


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext (make test installs it)"
)
def test_the_catalogue_holds_every_string_in_the_code(tmp_path):
    # makemessages on a copy: a string added to code or templates without a translation
    # shows up as a new, untranslated entry.
    for naam in BRONNEN:
        bron = ROOT / naam
        (shutil.copytree if bron.is_dir() else shutil.copy)(bron, tmp_path / naam)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEMO": "true",
            "DATA_DIR": str(tmp_path / "data"),
            "PATH": "/usr/bin:/bin",
        },
    )
    vers = polib.pofile(str(tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    ontbrekend = [e.msgid for e in vers if not e.obsolete and not e.translated()]
    assert not ontbrekend, f"untranslated or new strings: {ontbrekend[:10]}"
