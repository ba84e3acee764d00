"""Validators for Dutch identifiers used in the domain."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def bsn_is_geldig(bsn: str) -> bool:
    """The BSN eleven-test: weights 9..2 for the first eight digits and -1 for the last.

    Example: 111222333 -> 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66, divisible by 11.
    """
    if len(bsn) != 9 or not bsn.isdigit() or bsn == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(c) * w for c, w in zip(bsn, weights, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not bsn_is_geldig(value):
        raise ValidationError(
            _("This is not a valid BSN. A BSN has 9 digits; check the number on your letter."),
            code="bsn",
        )


def betalingskenmerk(basis: int) -> str:
    """A 16-digit payment reference: 15 digits plus a leading check digit (weights 2,4,8,...).

    The check digit lets a bank reject a mistyped reference before money goes astray.
    """
    digits = f"{basis:015d}"
    if len(digits) != 15:
        raise ValueError("basis must have at most 15 digits")
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
    total = sum(int(d) * weights[i % 10] for i, d in enumerate(reversed(digits)))
    check = 11 - total % 11
    check = {10: 1, 11: 0}.get(check, check)
    return f"{check}{digits}"
