"""Filters for the lead listing: one per column, and a requested-at date range."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Page

from leads.first_contact import FirstContactState, leads_in_state
from leads.models import BrochureRequest, CoursePage, Lead
from leads.sales import sales_owner_choices
from leads.services import email_key

SEARCH_FIELDS = ["first_name", "last_name", "email", "company"]
FOLLOW_UP_CHOICES = [
    ("overdue", _("Overdue")),
    ("today", _("Today")),
    ("week", _("Next 7 days")),
    ("none", _("None planned")),
]


def lead_search(queryset, query: str):
    """Leads whose name, e-mail address or company contains ``query`` (any database).

    A whole address finds its person in any spelling the brochure form takes for the same
    one (``email_key``): a privacy officer pastes what the person wrote and finds the lead.
    """
    query = query.strip()
    if not query:
        return queryset
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": query})
    if "@" in query:
        condition |= Q(email_key=email_key(email=query))
    return queryset.filter(condition)


def _requests_matching(**lookups):
    return BrochureRequest.objects.filter(**lookups).values("lead_id")


def _source_pages():
    return Page.objects.filter(
        pk__in=BrochureRequest.objects.filter(source_page__isnull=False).values("source_page_id")
    ).order_by("title")


class LeadFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Lead.Status.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=lambda request: sales_owner_choices(), null_label=_("Nobody"), null_value="none"
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Lead.Role.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=lambda request: CoursePage.objects.order_by("title"),
        method="filter_course",
    )
    source_page = django_filters.ModelChoiceFilter(
        label=_("Source page"), queryset=lambda request: _source_pages(), method="filter_source_page"
    )
    utm_campaign = django_filters.CharFilter(label=_("UTM campaign"), method="filter_utm_campaign")
    marketing_consent = django_filters.BooleanFilter(label=_("Marketing consent"), widget=BooleanRadioSelect)
    mailchimp_state = django_filters.ChoiceFilter(
        label=_("Mailchimp"), choices=Lead.MailchimpState.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    is_spam = django_filters.BooleanFilter(label=_("Suspected spam"), widget=BooleanRadioSelect)
    requested_at = django_filters.DateFromToRangeFilter(
        label=_("Requested between"), widget=DateRangePickerWidget, method="filter_requested_at"
    )
    first_contact = django_filters.ChoiceFilter(
        label=_("First contact"),
        choices=FirstContactState.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
        method="filter_first_contact",
    )
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=FOLLOW_UP_CHOICES,
        widget=forms.RadioSelect,
        empty_label=_("All"),
        method="filter_follow_up",
    )
    next_follow_up = django_filters.DateFromToRangeFilter(
        label=_("Follow-up between"), widget=DateRangePickerWidget, method="filter_next_follow_up"
    )
    arrived = django_filters.DateFromToRangeFilter(
        label=_("Reached sales between"),
        widget=DateRangePickerWidget,
        method="filter_arrived",
        help_text=_("When the first-contact clock started: the first request, or the release from spam."),
    )

    class Meta:
        model = Lead
        fields = []

    def filter_course(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_requests_matching(course=value))

    def filter_source_page(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_requests_matching(source_page=value))

    def filter_utm_campaign(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=_requests_matching(utm_campaign__iexact=value))

    def filter_first_contact(self, queryset, name, value):
        if not value:
            return queryset
        return leads_in_state(queryset=queryset, state=value, now=timezone.now())

    def filter_follow_up(self, queryset, name, value):
        today = timezone.localdate()
        planned = queryset.filter(next_follow_up__isnull=False)
        if value == "overdue":
            return planned.filter(next_follow_up__lt=today)
        if value == "today":
            return planned.filter(next_follow_up=today)
        if value == "week":
            return planned.filter(next_follow_up__gte=today, next_follow_up__lte=today + datetime.timedelta(days=7))
        if value == "none":
            return queryset.filter(next_follow_up__isnull=True)
        return queryset

    def filter_next_follow_up(self, queryset, name, value):
        if not value:
            return queryset
        if value.start is not None:
            queryset = queryset.filter(next_follow_up__gte=value.start.date())
        if value.stop is not None:
            queryset = queryset.filter(next_follow_up__lte=value.stop.date())
        return queryset

    def filter_arrived(self, queryset, name, value):
        if not value:
            return queryset
        if value.start is not None:
            queryset = queryset.filter(contact_clock_started_at__gte=value.start)
        if value.stop is not None:
            queryset = queryset.filter(contact_clock_started_at__lte=value.stop)
        return queryset

    def filter_requested_at(self, queryset, name, value):
        if not value:
            return queryset
        lookups = {}
        if value.start is not None:
            lookups["created_at__gte"] = value.start
        if value.stop is not None:
            lookups["created_at__lte"] = value.stop
        if not lookups:
            return queryset
        return queryset.filter(pk__in=_requests_matching(**lookups))
