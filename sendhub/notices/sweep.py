"""The set-based reminder sweep: reminders are written by INSERT ... SELECT, skipping the ones that exist.

A rule is a queryset whose rows are (person, event, due date, message, link), built with `reminder_rows`.
`remind` writes them all in one statement, with each notice's email already decided from the person's
choice for its kind (a digest, none, or at once); the unique key (person, event, due date) makes a
second run, or two runs at once, write nothing twice. `publish` then writes the emails due at once to
the outbox in batches and hands them to Celery as one task. Nothing here loads a row per plan.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, DateField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, Left
from django.urls import reverse
from django.utils import timezone

from sendhub.models import Notification, NotificationPreference, OutboundEmail

from .kinds import DIGEST, KINDS, NONE, NOW, kind_of

BATCH = 1000
# A sweep that writes this many notices refreshes the table's statistics before its next statement.
ANALYZE_AFTER = 10_000
_PK = 987654321


class AddDays(Func):
    """A date plus a whole number of days, as a date, in PostgreSQL and SQLite."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression, output_field=DateField())
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date + integer is a date
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + {self.days})", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params


class AddYear(Func):
    """A date one year on, 29 February becoming 28 February (sendhub.dates.add_years_clamped)."""

    output_field = DateField()

    def __init__(self, expression):
        super().__init__(expression, output_field=DateField())

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL clamps 29 February itself
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '1 year')::date", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CASE WHEN strftime('%%m-%%d', {sql}) = '02-29' THEN date({sql}, '-1 day', '+1 year') "
            f"ELSE date({sql}, '+1 year') END)",
            params * 3,
        )


def text(*parts) -> Func:
    """Words and columns joined, cut to a notice's 300 characters."""
    values = [part if hasattr(part, "resolve_expression") else Value(str(part)) for part in parts]
    return Left(Concat(*values, output_field=CharField()), 300)


def link(url_name: str, field: str = "pk") -> Func:
    """The path of `url_name` for the row's `field` (a pk), built in SQL."""
    path = reverse(url_name, kwargs={"pk": _PK})
    before, after = path.split(str(_PK))
    return Concat(Value(before), Cast(F(field), CharField()), Value(after), output_field=CharField())


def reminder_rows(queryset: QuerySet, *, user, event, due, message, url) -> QuerySet:
    """The rows `remind` inserts: each argument a field name or an expression."""

    def expr(value):
        return F(value) if isinstance(value, str) else value

    return queryset.annotate(
        r_user=expr(user), r_event=expr(event), r_due=expr(due), r_message=expr(message), r_url=expr(url)
    ).values("r_user", "r_event", "r_due", "r_message", "r_url")


def event(prefix: str, field: str = "pk") -> Func:
    """An event key such as "ehc-review-8w:123"."""
    return Concat(Value(f"{prefix}:"), Cast(F(field), CharField()), output_field=CharField())


def sweep_begin() -> None:
    """Call first in a sweep's transaction. On PostgreSQL, turn JIT off for it: these are large but
    simple statements, and compiling them costs more than running them (2.2 s of 2.9 s measured)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def remind(rows: QuerySet, *, kind: str, now: datetime | None = None) -> int:
    """Write each row as a notice of `kind`, once per person, event and due date. Returns how many are new.

    Rows whose notice exists are skipped by an anti-join on the unique key's index before anything is
    built (a second sweep the same day reads and writes almost nothing); ON CONFLICT DO NOTHING still
    settles two sweeps at once. Each notice's email is decided here from the person's choice for the
    kind (a digest, none, or new: emailed at once by `publish`), so a sweep never rewrites its rows.
    """
    assert kind in KINDS, kind
    sql, params = rows.order_by().query.sql_with_params()
    created = connection.ops.adapt_datetimefield_value(now or timezone.now())
    table = Notification._meta.db_table
    preferences = NotificationPreference._meta.db_table
    email = _insert_channel(kind)
    statement = (
        f"INSERT INTO {table} (user_id, kind, event, due_on, message, url, created_at, email) "
        f"SELECT s.r_user, %s, s.r_event, s.r_due, s.r_message, s.r_url, %s, "
        f"COALESCE((SELECT CASE p.channel {email['case']} END FROM {preferences} p "
        f"WHERE p.user_id = s.r_user AND p.kind = %s), %s) FROM ({sql}) s "
        f"WHERE s.r_user IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} n WHERE n.user_id = s.r_user "
        "AND n.event = s.r_event AND n.due_on = s.r_due AND n.event <> '') ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [kind, created, *email["params"], kind, email["default"], *params])
        written = max(cursor.rowcount, 0)
        if written >= ANALYZE_AFTER and connection.vendor == "postgresql":
            # Statistics taken while the table was small say its unique index is empty, and the next
            # rule's anti-join would then scan that whole index once per candidate (hours, measured).
            cursor.execute(f"ANALYZE {table}")
        return written


def _insert_channel(kind: str) -> dict:
    """The SQL that turns a person's channel for `kind` (or the kind's default) into a notice's email."""
    email = {NOW: Notification.Email.NEW, DIGEST: Notification.Email.DIGEST, NONE: Notification.Email.NONE}
    if not KINDS[kind].may_turn_off:  # withdrawn consent is always emailed
        email[NONE] = Notification.Email.NEW
    return {
        "case": "WHEN %s THEN %s WHEN %s THEN %s ELSE %s",
        "params": [DIGEST, email[DIGEST], NONE, email[NONE], Notification.Email.NEW],
        "default": email[KINDS[kind].default],
    }


def _chose(channel: str) -> Q:
    """Notices whose person chose `channel` for their kind, or left the kind at a default of `channel`."""
    chosen = NotificationPreference.objects.filter(user=OuterRef("user_id"), kind=OuterRef("kind"))
    defaults = [key for key, kind in KINDS.items() if kind.default == channel]
    chose = Q(Exists(chosen.filter(channel=channel))) | (Q(kind__in=defaults) & ~Q(Exists(chosen)))
    if channel == NONE:  # withdrawn consent is always emailed
        chose &= Q(kind__in=[key for key, kind in KINDS.items() if kind.may_turn_off])
    return chose


def _ago(due: date | None) -> str:
    return f"{due:%A} {due.day} {due:%B %Y}" if due else ""


def email_words(notice: Notification) -> tuple[str, str]:
    """Subject and body of one notice by email: what is due, by when, and the link. No child is named."""
    label = kind_of(notice.kind).label
    subject = f"{notice.message[:150]}" + (f": by {_ago(notice.due_on)}" if notice.due_on else "")
    lines = [notice.message]
    if notice.due_on:
        lines.append(f"Due by: {_ago(notice.due_on)}")
    lines += [
        "",
        f"Open it: {settings.SITE_URL}{notice.url}" if notice.url else f"Sign in: {settings.SITE_URL}/",
        "",
        f"You get these by email as they happen ({label}). Choose a daily digest or no email at "
        f"{settings.SITE_URL}{reverse('notices:preferences')}",
        "This email names no child, to keep their information safe: sign in to see who it is about.",
    ]
    return subject[:200], "\n".join(lines) + "\n"


def publish(*, now: datetime | None = None) -> int:
    """Decide the email of every new notice; returns how many emails were written to the outbox.

    Safe at once in two processes: each UPDATE moves only rows still new, and the rows emailed at
    once are claimed with SKIP LOCKED (and each email has a unique key naming its notice).
    """
    now = now or timezone.now()
    new = Notification.objects.filter(email=Notification.Email.NEW)
    with transaction.atomic():
        new.filter(_chose(DIGEST)).update(email=Notification.Email.DIGEST)
        new.filter(_chose(NONE)).update(email=Notification.Email.NONE)
        written = 0
        while True:
            batch = list(
                new.select_for_update(skip_locked=True, of=("self",)).select_related("user").order_by("pk")[:BATCH]
            )
            if not batch:
                break
            emails = []
            for notice in batch:
                if notice.user.is_active and notice.user.email:
                    subject, body = email_words(notice)
                    emails.append(
                        OutboundEmail(
                            to=[notice.user.email.lower()],
                            subject=subject,
                            body=body,
                            dedupe_key=f"notice:{notice.pk}",
                            next_attempt_at=now,
                        )
                    )
            OutboundEmail.objects.bulk_create(emails, ignore_conflicts=True)
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(email=Notification.Email.SENT)
            written += len(emails)
        if written:
            transaction.on_commit(_hand_over)
    return written


def _hand_over() -> None:
    """One task for the whole batch: the worker sends every email that is due."""
    from sendhub.services import _dispatch_due

    _dispatch_due()


def digest_send(*, today: date, now: datetime | None = None, shown: int = 20) -> int:
    """The daily digest: one email per person with notices waiting for it, at most once a day.

    The email's unique key names the person and the day, so a restarted beat (or two) sends one.
    Returns how many digests were written.
    """
    from django.db.models import Count, Window
    from django.db.models.functions import RowNumber

    now = now or timezone.now()
    waiting = Notification.objects.filter(email=Notification.Email.DIGEST, created_at__lte=now)
    last = waiting.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0
    waiting = waiting.filter(pk__lte=last)
    written = 0
    with transaction.atomic():
        counts = list(
            waiting.filter(user__is_active=True)
            .values("user_id", "user__email")
            .annotate(n=Count("pk"))
            .order_by("user_id")
        )
        for start in range(0, len(counts), BATCH):
            key = {
                row["user_id"]: f"digest:{row['user_id']}:{today.isoformat()}" for row in counts[start : start + BATCH]
            }
            sent_today = set(
                OutboundEmail.objects.filter(dedupe_key__in=key.values()).values_list("dedupe_key", flat=True)
            )
            people = [row for row in counts[start : start + BATCH] if key[row["user_id"]] not in sent_today]
            ids = [row["user_id"] for row in people]
            ranked = (
                waiting.filter(user_id__in=ids)
                .annotate(
                    rank=Window(
                        RowNumber(), partition_by=[F("user_id")], order_by=[F("due_on").asc(nulls_last=True), F("pk")]
                    )
                )
                .filter(rank__lte=shown)
                .order_by("user_id", "rank")
            )
            items: dict[int, list[Notification]] = {}
            for notice in ranked:
                items.setdefault(notice.user_id, []).append(notice)
            emails = []
            for row in people:
                subject, body = _digest_words(items.get(row["user_id"], []), row["n"], today)
                emails.append(
                    OutboundEmail(
                        to=[row["user__email"].lower()],
                        subject=subject,
                        body=body,
                        dedupe_key=key[row["user_id"]],
                        next_attempt_at=now,
                    )
                )
            OutboundEmail.objects.bulk_create(emails, ignore_conflicts=True)
            waiting.filter(user_id__in=ids).update(email=Notification.Email.SENT)
            written += len(emails)
        # Those who turned off email since: their waiting notices stay in the portal only.
        waiting.filter(user__is_active=False).update(email=Notification.Email.NONE)
        if written:
            transaction.on_commit(_hand_over)
    return written


def _digest_words(notices: list[Notification], total: int, today: date) -> tuple[str, str]:
    subject = f"Your SEND Hub Portal digest: {total} new notice{'s' if total != 1 else ''}"
    lines = [f"Your new notices since the last digest ({_ago(today)}), what is due soonest first:", ""]
    for notice in notices:
        due = f" Due by {_ago(notice.due_on)}." if notice.due_on else ""
        where = f" {settings.SITE_URL}{notice.url}" if notice.url else ""
        lines.append(f"- {notice.message}.{due}{where}")
    if total > len(notices):
        lines.append(f"- and {total - len(notices)} more")
    lines += [
        "",
        f"All your notices: {settings.SITE_URL}{reverse('notices:list')}",
        f"Choose how you get them: {settings.SITE_URL}{reverse('notices:preferences')}",
        "This email names no child, to keep their information safe: sign in to see who it is about.",
    ]
    return subject, "\n".join(lines) + "\n"
