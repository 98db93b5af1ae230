"""Response reference numbers: unguessable, easy to read aloud and to type back."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L, U/V: nothing that reads as another character.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PREFIX = "CN"
# 8 characters of 29: about 5 × 10^11 references, chosen by the operating system's CSPRNG.
_PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """E.g. "CN-7K3P-Q9XD"."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str:
    """What a person typed ("cn 7k3p q9xd") as a reference, or "" when it cannot be one."""
    compact = re.sub(r"[\s-]", "", (text or "").upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != 8:
        return ""
    candidate = f"{PREFIX}-{compact[:4]}-{compact[4:]}"
    return candidate if _PATTERN.match(candidate) else ""
