from celery import shared_task
from django.utils import timezone

from dashboards.services import snapshot_if_census_day


@shared_task
def census_snapshot() -> int:
    """Daily: on a school census day, the aggregate snapshot of every school (safe to run twice)."""
    return snapshot_if_census_day(today=timezone.localdate())
