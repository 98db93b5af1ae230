"""Pupil records: the pupil, parents and carers (contacts), CSV imports, UPNs and the pupil's timeline."""
