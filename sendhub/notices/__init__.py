"""Notices: the kinds a person can choose email for, the set-based reminder sweep, the digest, "Your work"."""
