"""English dates and numbers as the site writes them, one way each: long dates as Django
writes them ("Dec. 1, 2026"), months as "Dec 2026" (as the charts label them), short dates
in ISO (never the US month-first 12/01/2026), thousands with a comma."""

from django.conf.locale.en.formats import *  # noqa: F403

YEAR_MONTH_FORMAT = "M Y"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
