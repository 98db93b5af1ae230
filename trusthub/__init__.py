"""The trust SEND hub: its training offer, bookings, advice and case consultations, school SEND reviews."""
