"""School census codes and other fixed lists (DOMAIN.md, "Census codes")."""

from django.db import models


class SENProvision(models.TextChoices):
    EHC_PLAN = "E", "EHC plan"
    SEN_SUPPORT = "K", "SEN support"
    NO_SEN = "N", "No SEN"


class Need(models.TextChoices):
    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


# Needs a hub can be designated for: every type except "no specialist assessment".
DESIGNATABLE_NEEDS = [(code, label) for code, label in Need.choices if code != Need.NSA]


class YearGroup(models.TextChoices):
    """National curriculum year groups as the school census writes them."""

    N1 = "N1", "Nursery 1"
    N2 = "N2", "Nursery 2"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"
    Y12 = "12", "Year 12"
    Y13 = "13", "Year 13"
    Y14 = "14", "Year 14"


class KeyStage(models.TextChoices):
    EARLY_YEARS = "EY", "Early years"
    KS1 = "KS1", "Key stage 1"
    KS2 = "KS2", "Key stage 2"
    KS3 = "KS3", "Key stage 3"
    KS4 = "KS4", "Key stage 4"
    KS5 = "KS5", "Key stage 5 (16 to 19)"
