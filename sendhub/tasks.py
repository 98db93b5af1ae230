"""Celery tasks of the core: take ids, load the row, call one service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def deliver_email(email_id: int) -> None:
    services.email_deliver(email_id=email_id)


@shared_task(ignore_result=True)
def outbox_sweep() -> int:
    """Send what the broker never got, and retry failures. Returns how many were tried."""
    ids = services.outbox_due_ids()
    for email_id in ids:
        services.email_deliver(email_id=email_id)
    return len(ids)


@shared_task(ignore_result=True)
def password_reset_send(email: str, domain: str, use_https: bool) -> None:
    """Find the account, make the link and queue the email: after the response, whether or not it exists."""
    services.password_reset_send(email=email, domain=domain, use_https=use_https)


@shared_task(ignore_result=True)
def retention_purge() -> dict:
    """Daily: delete orphan uploads and what each kind of record's retention allows (README "Retention")."""
    from .files import retention_purge as purge

    return purge()


@shared_task(ignore_result=True)
def deliver_due() -> int:
    """Send every email that is due now, in batches (what a reminder sweep wrote). Returns how many."""
    tried = 0
    while ids := services.outbox_due_ids(limit=500):
        for email_id in ids:
            services.email_deliver(email_id=email_id)
        tried += len(ids)
    return tried


@shared_task(ignore_result=True)
def notices_digest() -> int:
    """Daily at 7am: each person's digest of notices, once a day however often beat runs it."""
    from django.utils import timezone

    from .notices.sweep import digest_send

    return digest_send(today=timezone.localdate())


@shared_task(ignore_result=True)
def prepare_download(download_id: int) -> bool:
    from .downloads.services import download_prepare

    return download_prepare(download_id=download_id)


@shared_task(ignore_result=True)
def downloads_sweep() -> int:
    """Prepare the downloads the broker never got, and take back those whose worker stopped. Returns how many."""
    from .downloads.services import download_prepare, downloads_due_ids

    ids = downloads_due_ids()
    for download_id in ids:
        download_prepare(download_id=download_id)
    return len(ids)
