from .audit import AppendOnlyError, AuditEvent
from .organisations import District, LocalAuthority, School, Trust
from .outbox import OutboundEmail
from .people import Agency, Membership, Role, User

__all__ = [
    "Agency",
    "AppendOnlyError",
    "AuditEvent",
    "District",
    "LocalAuthority",
    "Membership",
    "OutboundEmail",
    "Role",
    "School",
    "Trust",
    "User",
]
