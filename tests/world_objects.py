"""Named demo records that routes need in their URLs, found by their natural keys.

Each app adds its records here as it lands, so the matrix and the crawl can build URLs.
"""

from typing import Any

from sendhub.models import School


def load() -> dict[str, Any]:
    return {
        "school_a": School.objects.get(urn="990101"),
        "school_b": School.objects.get(urn="990102"),
    }
