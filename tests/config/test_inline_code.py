"""No inline script or style in any template a browser gets: what lets the
Content-Security-Policy (config.security) go without 'unsafe-inline' and 'unsafe-eval'.

The scan reads every web template of the project and the Django admin's own templates
(the admin is served under /beheer/ with the same policy). It fails on a <script> without
src, a <style> element, a style="..." attribute, an on...="..." event handler and a
javascript: URL. Django comments are removed first, so a template may still *mention* a
<style> in its documentation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib import admin

ROOT = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).parent

WEB_TEMPLATES = [
    ROOT / "templates",
    ROOT / "citizen" / "templates",
    ROOT / "staff" / "templates",
    ROOT / "testkit" / "templates",
    # Sentences shared by pages and letters; the letters themselves (brieven/) are only
    # ever rendered to PDF, see test_letters_are_never_served_as_html.
    ROOT / "invordering" / "templates" / "invordering" / "teksten",
    DJANGO / "contrib" / "admin" / "templates",
    DJANGO / "contrib" / "auth" / "templates",
    DJANGO / "forms" / "templates",
]

# (template, finding): why it may stay. Keep this list short; every entry needs a guard.
ALLOWED = {
    (
        "admin/change_list.html",
        "<style> element",
    ): "Django's admin adds it only when a ModelAdmin turns off both action bars "
    "(actions_on_top and actions_on_bottom); test_no_model_admin_turns_off_both_action_bars "
    "keeps every registered admin from doing so.",
}

# Scripts of these types are data for other scripts (json_script), never executed, so
# script-src does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

DJANGO_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)


class InlineCodeFinder(HTMLParser):
    """Collects inline code in one template's HTML (template tags pass as plain text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): value for name, value in attrs}
        line = self.getpos()[0]
        script_type = (attributes.get("type") or "").strip().lower()
        if tag == "script" and "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
            self.findings.append(f"line {line}: <script> without src")
        if tag == "style":
            self.findings.append(f"line {line}: <style> element")
        for name, value in attrs:
            if name.lower() == "style":
                self.findings.append(f"line {line}: style= attribute on <{tag}>")
            elif re.fullmatch(r"on[a-z]+", name.lower()):
                self.findings.append(f"line {line}: {name}= handler on <{tag}>")
            elif value and value.strip().lower().startswith("javascript:"):
                self.findings.append(f"line {line}: javascript: URL in {name}= on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(source: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(DJANGO_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source))
    finder.close()
    return finder.findings


def web_templates() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(folder).as_posix(), path)
        for folder in WEB_TEMPLATES
        for path in sorted(folder.rglob("*.html"))
    ]


def test_the_scan_finds_every_kind_of_inline_code():
    source = """{# a <style> mentioned in a comment is fine #}
<script src="/static/x.js"></script>
<script
    id="constants"
    src="/static/y.js"
    data-x="1"></script>
<script type="application/json" id="data">{"a": 1}</script>
<script>alert(1)</script>
<style>p { color: red }</style>
<p style="color: red">x</p>
<button onclick="go()">x</button>
<a href="javascript:go()">x</a>
<img src="x.png" onerror='go()'>
<span class="onderwerp" data-onclick="x">a Dutch class name is no handler</span>
"""
    assert [f.split(": ", 1)[1] for f in inline_code(source)] == [
        "<script> without src",
        "<style> element",
        "style= attribute on <p>",
        "onclick= handler on <button>",
        "javascript: URL in href= on <a>",
        "onerror= handler on <img>",
    ]


def test_there_are_templates_to_scan():
    names = {name for name, _ in web_templates()}
    assert {"base.html", "citizen/overzicht.html", "admin/base.html"} <= names
    assert len(names) > 150


def test_no_web_template_has_inline_script_or_style():
    found = []
    for name, path in web_templates():
        for finding in inline_code(path.read_text(encoding="utf-8")):
            if (name, finding.split(": ", 1)[1]) not in ALLOWED:
                found.append(f"{path} {finding}")
    assert not found, "Move this into static/ (a file and a class):\n" + "\n".join(found)


def test_every_allowed_finding_still_exists():
    """An allow-list entry whose template no longer has it goes, so the list stays honest."""
    left = set(ALLOWED)
    for name, path in web_templates():
        for finding in inline_code(path.read_text(encoding="utf-8")):
            left.discard((name, finding.split(": ", 1)[1]))
    assert not left


def test_no_model_admin_turns_off_both_action_bars():
    """Otherwise admin/change_list.html adds its one inline <style> (see ALLOWED)."""
    both_off = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not model_admin.actions_on_top and not model_admin.actions_on_bottom
    ]
    assert not both_off


@pytest.mark.parametrize("package", ["citizen", "staff", "testkit", "config"])
def test_letters_are_never_served_as_html(package):
    """The letters (invordering/templates/invordering/brieven/) carry an inline <style> for
    WeasyPrint. They reach people only as PDF; a view that returned brief_html would serve
    that <style> to a browser under the CSP."""
    for path in (ROOT / package).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "brief_html" not in text, path
        assert "invordering/brieven/" not in text, path
