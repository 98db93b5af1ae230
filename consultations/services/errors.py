"""Domain errors of the consultation services: a message a person can act on."""

from __future__ import annotations

from sendhub.errors import DomainError


class ConsultationError(DomainError):
    """A rule stopped the change; the message says what to do, `field` where (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)


class ConsultationClosed(ConsultationError):
    pass
