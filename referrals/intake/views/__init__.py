"""Referral pages: the school's step-by-step journey (journey), and lists, triage and withdrawal (cases)."""
