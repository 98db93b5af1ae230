"""The schools register from Get Information About Schools (GIAS): see README.md, "Schools register (GIAS)".

`extract` reads the public establishment extract; `importer` loads it into the register;
`uploads` queues an administrator's or LA officer's upload for a Celery worker.
"""

from .extract import GiasImportSummary, SkippedRow, check_header_bytes, read_extract
from .importer import ANOTHER_AUTHORITY, gias_import, gias_import_scope, may_import_gias

__all__ = [
    "ANOTHER_AUTHORITY",
    "GiasImportSummary",
    "SkippedRow",
    "check_header_bytes",
    "gias_import",
    "gias_import_scope",
    "may_import_gias",
    "read_extract",
]
