"""Helpers for course pages, used by the course template and its structured data."""

from django import template
from django.utils import timezone

register = template.Library()


def upcoming_dates(page) -> list:
    """The course's dates from today on, earliest first (one query, cached on the page)."""
    cached = getattr(page, "_upcoming_dates", None)
    if cached is None:
        cached = list(page.dates.filter(start_date__gte=timezone.localdate()).order_by("start_date", "sort_order"))
        page._upcoming_dates = cached
    return cached


register.simple_tag(upcoming_dates, name="upcoming_dates")
