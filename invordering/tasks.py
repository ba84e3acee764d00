"""Celery tasks: thin, taking ids, each calling one service, safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from invordering import clock

logger = logging.getLogger(__name__)


# ignore_result on every task the product only hands over: nobody waits for a result, so
# a page that enqueues never touches the result store (with Redis away, a call that does
# waits for the result store's own retries; see invordering.wachtrij).


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=4)
def maak_pdf(self, document_id: int) -> str:
    """Render a letter's PDF. A failed attempt is recorded on the Document and retried
    after a growing wait (PDF_HERPROBEER_SECONDEN times 1, 2, 4, 8: 10 to 80 seconds by
    default), five attempts in all; after the last the PDF is "failed", and the burger and
    staff get "try again". A Document that no longer exists is nothing to do."""
    from django.conf import settings

    from invordering.documents import maak_pdf_voor, markeer_mislukt
    from invordering.models import Document

    try:
        document = maak_pdf_voor(document_id)
    except Document.DoesNotExist:
        return ""
    except Exception as exc:
        laatste = self.request.retries >= self.max_retries
        try:
            markeer_mislukt(document_id, f"{type(exc).__name__}: {exc}", definitief=laatste)
        except Exception:  # the database is away as well: the retry records it next time
            logger.exception("Failed attempt for document %s not recorded", document_id)
        if laatste:
            raise
        wacht = get_exponential_backoff_interval(
            factor=settings.PDF_HERPROBEER_SECONDEN,
            retries=self.request.retries,
            maximum=600,
            full_jitter=False,
        )
        raise self.retry(exc=exc, countdown=wacht) from exc
    return document.pdf.name


@shared_task(acks_late=True, ignore_result=True)
def wachtrij_inhalen() -> int:
    """Beat: hand over the PDFs and e-mails that waited while the queue was away."""
    from invordering.wachtrij import haal_in

    return haal_in()


@shared_task(acks_late=True)
def meld_verlopen_machtigingen() -> int:
    """Daily: write an event for every machtiging that expired (the burger sees it)."""
    from invordering.services.machtigingen import meld_verlopen_machtigingen as meld

    return meld(clock.today())


@shared_task(acks_late=True)
def ruim_bijlagen_op() -> int:
    """Daily: delete uploaded proof after its retention term (services.bijlagen.ruim_op)."""
    from invordering.services.bijlagen import ruim_op

    return ruim_op()


@shared_task
def klok_vandaag() -> str:
    """The clock as a worker sees it: lets tests and tester controls check it moved."""
    return clock.today().isoformat()


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5, default_retry_delay=60)
def stuur_melding(self, document_id: int) -> bool:
    """E-mail the burger that a new letter is waiting (no contents, just where to look)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from invordering.models import Document

    document = Document.objects.select_related("burger").get(pk=document_id)
    burger = document.burger
    if not burger.email:
        return False
    with translation.override(burger.taal):
        context = {
            "burger": burger,
            "document": document,
            "url": f"{settings.PUBLIC_URL}/berichten/",
        }
        onderwerp = render_to_string(
            "invordering/mail/nieuw_bericht_onderwerp.txt", context
        ).strip()
        tekst = render_to_string("invordering/mail/nieuw_bericht.txt", context)
    try:
        send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [burger.email])
    except OSError as exc:  # the mail server is away: try again later, nothing is lost
        raise self.retry(exc=exc) from exc
    return True


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5, default_retry_delay=60)
def stuur_uitnodiging(self, machtiging_id: int, code: str) -> bool:
    """E-mail a helper the code a burger made for them (the code itself, no debts)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from invordering.models import Machtiging

    machtiging = Machtiging.objects.select_related("vertegenwoordigde").get(pk=machtiging_id)
    if not machtiging.uitgenodigd_email:
        return False
    with translation.override(machtiging.vertegenwoordigde.taal):
        from invordering import clock
        from invordering.beleid import beleid_op

        dagen = beleid_op(clock.today()).machtigingscode_geldig_dagen
        context = {
            "machtiging": machtiging,
            "code": code,
            "dagen": dagen,
            "url": f"{settings.PUBLIC_URL}/helpers/code/",
        }
        onderwerp = render_to_string("invordering/mail/uitnodiging_onderwerp.txt", context).strip()
        tekst = render_to_string("invordering/mail/uitnodiging.txt", context)
    try:
        send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [machtiging.uitgenodigd_email])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return True


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5, default_retry_delay=60)
def stuur_helperaccount_mail(self, email: str, soort: str, user_id: int | None = None) -> bool:
    """The e-mail after registering (to the address typed): the activation link, "you
    already have an account", or "use another address" (services.helperaccounts)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from invordering.models import User
    from invordering.services.helperaccounts import NIEUW, activatie_pad

    user = User.objects.filter(pk=user_id).first()
    with translation.override((user and user.taal) or settings.LANGUAGE_CODE):
        if soort == NIEUW:
            pad = reverse("citizen:helper_activeren", args=activatie_pad(user))
        else:
            pad = reverse("citizen:helper_login")
        context = {"soort": soort, "url": settings.PUBLIC_URL + pad}
        onderwerp = render_to_string(
            "invordering/mail/helperaccount_onderwerp.txt", context
        ).strip()
        tekst = render_to_string("invordering/mail/helperaccount.txt", context)
    try:
        send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [email])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return True


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5, default_retry_delay=30)
def verwerk_deel(self, deel_id: int) -> bool:
    """One chunk of an engine run; safe to deliver twice (a done chunk is skipped)."""
    from django.db import OperationalError

    from invordering.services.verwerking import verwerk_deel as doe

    try:
        return doe(deel_id, worker=self.request.hostname or "")
    except OperationalError as exc:  # the database restarted: the chunk rolled back, retry
        raise self.retry(exc=exc) from exc


@shared_task(acks_late=True, ignore_result=True)
def engines_inhalen() -> list[int]:
    """Beat: bring escalation and verrekening up to today (missed days included)."""
    from invordering.services.verwerking import INHALEN, VerwerkingGeweigerd, haal_in

    try:
        return [v.pk for v in haal_in(via_workers=True, door=INHALEN)]
    except VerwerkingGeweigerd as exc:
        import logging

        logging.getLogger(__name__).error("%s", exc)
        return []
