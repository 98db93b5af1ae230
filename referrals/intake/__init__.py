"""Referrals to a district SEND and Inclusion hub: the school's journey, consent, the coordinator's inbox."""
