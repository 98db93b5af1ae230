from .audit import AppendOnlyError, AuditEvent
from .background import BackgroundTask, BackgroundTaskRun
from .calendar import HALF_TERM_NAMES, BankHoliday, HalfTerm
from .downloads import PreparedDownload
from .notifications import Notification, NotificationPreference
from .organisations import District, LocalAuthority, School, Trust
from .outbox import OutboundEmail
from .people import Agency, Membership, Role, User

__all__ = [
    "Agency",
    "AppendOnlyError",
    "AuditEvent",
    "BackgroundTask",
    "BackgroundTaskRun",
    "BankHoliday",
    "HALF_TERM_NAMES",
    "HalfTerm",
    "District",
    "LocalAuthority",
    "Membership",
    "Notification",
    "NotificationPreference",
    "OutboundEmail",
    "PreparedDownload",
    "Role",
    "School",
    "Trust",
    "User",
]
