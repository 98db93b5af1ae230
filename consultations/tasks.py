"""Celery tasks of the consultations app: each calls one service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def sweep() -> dict:
    """Every minute: open and close consultations on time; make the summary of each that closed."""
    result = services.consultations_sweep()
    return {"opened": result.opened, "closed": result.closed, "summaries": result.summaries}


@shared_task(ignore_result=True)
def send_reminders() -> int:
    """Hourly in the working day: remind owners a week and a day before the close (each once)."""
    return services.consultation_reminders_send()


@shared_task(ignore_result=True)
def generate_summary(consultation_id: int) -> bool:
    return services.consultation_summary_generate(consultation_id=consultation_id)
