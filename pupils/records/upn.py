"""Unique pupil numbers (UPN): the DfE's check letter and what makes a UPN valid. Pure, no Django."""

from __future__ import annotations

# DfE check-letter table: 23 letters, I, O and S left out so they cannot be misread as 1, 0, 5.
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Sets, not strings: "x in str" is a substring test, and some characters uppercase to two.
_TABLE_LETTERS = frozenset(UPN_CHECK_LETTERS)
_DIGITS = frozenset("0123456789")
UPN_LENGTH = 13


def _require_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def normalise_upn(upn: str) -> str:
    """UPN as stored: outer whitespace removed, upper case."""
    return _require_str(upn, "upn").strip().upper()


def _check_letter_for(body: str) -> str:
    """Check letter for an upper-case body already known to have the right shape."""
    total = 0
    for weight, char in enumerate(body, start=2):
        # A temporary UPN's final letter counts as its position in the check-letter table.
        value = int(char) if char in _DIGITS else UPN_CHECK_LETTERS.index(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def upn_check_letter(body: str) -> str:
    """Check letter for the 12 characters that follow it in a UPN (DfE UPN guidance).

    ``body`` is 11 digits then a digit (permanent UPN) or a table letter (temporary UPN);
    a lower-case final letter is accepted. Raises ValueError for any other shape.
    """
    _require_str(body, "body")
    upper = body.upper()
    if len(body) != UPN_LENGTH - 1 or len(upper) != len(body):
        raise ValueError(f"UPN body must be 12 characters, got {len(body)}: {body!r}")
    if not all(char in _DIGITS for char in upper[:11]):
        raise ValueError(f"UPN body must start with 11 digits: {body!r}")
    if upper[11] not in _DIGITS and upper[11] not in _TABLE_LETTERS:
        raise ValueError(f"UPN body must end with a digit or a letter from {UPN_CHECK_LETTERS}: {body!r}")
    return _check_letter_for(upper)


def upn_problem(upn: str) -> str | None:
    """None for a valid UPN (permanent or temporary), else one plain-English message for users.

    Case and outer spaces are ignored. The first problem found is reported, in the order
    a person would check the number: length, first character, the digits, last character,
    then the check letter.
    """
    stripped = _require_str(upn, "upn").strip()
    if not stripped:
        return "Enter a UPN"
    if len(stripped) != UPN_LENGTH:
        return f"UPN must be {UPN_LENGTH} characters, you entered {len(stripped)}"
    # Uppercase character by character: some non-ASCII letters grow when uppercased
    # (e.g. "ß" -> "SS"), which must not shift the positions checked below.
    first, middle, last = stripped[0].upper(), stripped[1:12], stripped[12].upper()
    if first not in _TABLE_LETTERS:
        return "The first character of a UPN must be a letter (A to Z, not I, O or S)"
    if not all(char in _DIGITS for char in middle):
        return "Characters 2 to 12 of a UPN must be numbers"
    if last not in _DIGITS:
        if last in ("I", "O", "S"):
            return "The last letter of a temporary UPN cannot be I, O or S"
        if last not in _TABLE_LETTERS:
            return "The last character of a UPN must be a number, or a letter for a temporary UPN"
    if _check_letter_for(middle + last) != first:
        return "The check letter does not match the rest of the UPN \N{EN DASH} check it has been copied correctly"
    return None


def is_valid_upn(upn: str) -> bool:
    """True for a valid permanent or temporary UPN; ignores case and outer spaces."""
    return upn_problem(upn) is None
