"""Helper accounts made by helpers themselves, confirmed by e-mail.

Registering never says whether an address already has an account: the page always answers
"we sent you an e-mail", and the e-mail says either "click to activate" or "you already
have an account". Until the link is used the account cannot log in.
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from invordering.models import Helper, Organisatie, User

# What the e-mail after registering says.
NIEUW, BESTAAT, ANDER = "nieuw", "bestaat", "ander"


@transaction.atomic
def meld_helper_aan(data: dict) -> tuple[User | None, str]:
    """Make (or, if not yet activated, renew) the account, and say which e-mail to send.

    NIEUW: activate with the link. BESTAAT: an active helper account has this address, it
    does not change; its owner is reminded to log in. ANDER: the address belongs to another
    kind of account (a burger or staff member); no helper account is made.
    """
    email = data["email"].lower()
    user = User.objects.select_for_update().filter(username__iexact=email).first()
    if user is not None and not hasattr(user, "helper"):
        return None, ANDER
    if user is not None and user.is_active:
        return user, BESTAAT
    voornaam, _sep, achternaam = data["naam"].partition(" ")
    if user is None:
        user = User(username=email, email=email)
    user.first_name, user.last_name, user.is_active = voornaam, achternaam, False
    user.set_password(data["wachtwoord"])
    user.save()
    organisatie = None
    if data.get("organisatie"):
        organisatie = Organisatie.objects.create(
            naam=data["organisatie"], kvk_nummer=data.get("kvk_nummer", "")
        )
    Helper.objects.update_or_create(
        user=user,
        defaults={
            "soort": data["soort"],
            "organisatie": organisatie,
            "naam": data["naam"],
            "telefoon": data.get("telefoon", ""),
            "email": email,
        },
    )
    return user, NIEUW


def activatie_pad(user: User) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def te_activeren(uidb64: str, token: str) -> User | None:
    """The inactive helper account this link is for, if the link is valid and unused."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.get(pk=pk, is_active=False, helper__isnull=False)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


def activeer(user: User) -> None:
    # Activating changes the user's state, so the same link cannot be used twice.
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
