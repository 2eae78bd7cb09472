"""Helpers for course pages, used by the course template and its structured data."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()


def upcoming_dates(page) -> list:
    """The course's dates from today on, earliest first (one query, cached on the page)."""
    cached = getattr(page, "_upcoming_dates", None)
    if cached is None:
        cached = list(page.dates.filter(start_date__gte=timezone.localdate()).order_by("start_date", "sort_order"))
        page._upcoming_dates = cached
    return cached


register.simple_tag(upcoming_dates, name="upcoming_dates")

FORMAT_LABELS = {
    "klassikaal": _("Klassikaal"),
    "online": _("Online"),
    "hybride": _("Hybride: klassikaal en online"),
    "incompany": _("In-company"),
}


@register.filter
def course_format_label(value: str) -> str:
    """The visitor's (Dutch) name of a course format; the admin shows the model's own labels."""
    return FORMAT_LABELS.get(value, value)


AVAILABILITY_LABELS = {
    "almost_full": _("Bijna vol"),
    "full": _("Vol"),
}


@register.filter
def availability_label(value: str) -> str:
    """The visitor's (Dutch) word for a date's availability; nothing for a date with places."""
    return AVAILABILITY_LABELS.get(value, "")
