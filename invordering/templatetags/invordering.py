"""Formatting money and dates for pages and letters, in the active language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, translation

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def euro(value) -> str:
    """1234.5 -> "€ 1.234,50" in Dutch, "€1,234.50" in English. Accepts str (snapshots)."""
    bedrag = _decimal(value)
    if bedrag is None:
        return ""
    getal = formats.number_format(abs(bedrag), decimal_pos=2, use_l10n=True, force_grouping=True)
    teken = "-" if bedrag < 0 else ""
    if translation.get_language() == "nl":
        return f"{teken}€\u00a0{getal}"
    return f"{teken}€{getal}"


def als_datum(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@register.filter
def datum(value, formaat: str = "j F Y") -> str:
    """ISO string or date -> "3 maart 2026" / "3 March 2026"."""
    dag = als_datum(value)
    return formats.date_format(dag, formaat) if dag else ""


@register.filter
def toeslag_naam(code: str) -> str:
    """ "ZT" -> "zorgtoeslag" (or "healthcare allowance" in English)."""
    from invordering.models import ToeslagSoort

    try:
        return str(ToeslagSoort(code).label)
    except ValueError:
        return code


@register.filter
def component_naam(code: str) -> str:
    from invordering.models import Component

    try:
        return str(Component(code).label)
    except ValueError:
        return code


@register.filter
def verzoek_naam(code: str) -> str:
    from invordering.models import VerzoekSoort

    try:
        return str(VerzoekSoort(code).label)
    except ValueError:
        return code


@register.filter
def reden_tekst(code: str) -> str:
    """A reason code -> the plain-language sentence, in the active language."""
    from invordering.models import Reden

    try:
        return str(Reden(code).label)
    except ValueError:
        return ""


@register.filter
def dagen_tot(dag, vandaag) -> int:
    """Days from ``vandaag`` to ``dag`` (negative when it passed)."""
    doel, van = als_datum(dag), als_datum(vandaag)
    return (doel - van).days if doel and van else 0


class _CompactNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        return " ".join(self.nodelist.render(context).split())


@register.tag
def compact(parser, token):
    """{% compact %}...{% endcompact %}: one line of text, whitespace folded.

    For sentence templates written over many lines: the text they give is a single line,
    so it flows in a paragraph (and WeasyPrint never breaks after a stray newline).
    """
    nodelist = parser.parse(("endcompact",))
    parser.delete_first_token()
    return _CompactNode(nodelist)
