# GOV.UK style: "4 June 2025", "4 June 2025, 2:30pm".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, g:ia"
TIME_FORMAT = "g:ia"
