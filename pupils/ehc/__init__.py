"""EHC needs assessments, plans, annual reviews and amendments, with their statutory deadlines."""
