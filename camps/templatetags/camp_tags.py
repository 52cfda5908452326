"""Camps in pages that other apps render: the mentor dashboard's camp filter."""

from django import template
from django.db.models import QuerySet

from camps.models import Cohort

register = template.Library()


@register.simple_tag
def camp_choices() -> QuerySet[Cohort]:
    """Every camp, newest first (one query, when the page lists them)."""
    return Cohort.objects.order_by("-starts_on")
