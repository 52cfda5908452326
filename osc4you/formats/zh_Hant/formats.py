"""Traditional Chinese dates and numbers as the site writes them: dates as Django writes them
(2026年12月1日, months 2026年12月), short dates in ISO, and thousands grouped with a comma as
in English (Django's zh-Hant formats set no grouping, so 12,345 read 12345)."""

from django.conf.locale.zh_Hant.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
