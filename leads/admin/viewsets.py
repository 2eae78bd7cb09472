"""The "Leads" listing: a Wagtail ModelViewSet with filters, search, sorting, export and bulk actions."""

import uuid

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import registry as log_action_registry

from leads.admin import exports
from leads.admin.access import forbidden, user_can
from leads.admin.filters import SEARCH_FIELDS, LeadFilterSet, lead_search
from leads.admin.labels import first_contact_summary, spam_reason_label
from leads.admin.views import LeadDetailView, LeadReleaseView, LeadRetryMailchimpView
from leads.audit import LEAD_EXPORT, lead_log_label
from leads.models import BrochureRequest, Lead


class TextColumn(Column):
    """A value cut off at the column's width (the whole value on hover), with an optional second line."""

    cell_template_name = "leads/admin/tables/text_cell.html"

    def __init__(self, name, *, secondary=None, **kwargs):
        super().__init__(name, **kwargs)
        self.secondary = secondary

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["secondary"] = self.secondary(instance) if self.secondary else ""
        return context


class LeadTitleColumn(TitleColumn):
    """The name, cut off at the column's width, with the whole name on hover and the address below."""

    cell_template_name = "leads/admin/tables/title_cell.html"

    def get_link_attrs(self, instance, parent_context):
        return {**super().get_link_attrs(instance, parent_context), "title": instance.full_name or instance.email}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["secondary"] = instance.email if instance.full_name else ""
        return context


class FirstContactColumn(Column):
    cell_template_name = "leads/admin/tables/first_contact_cell.html"


class FollowUpColumn(Column):
    cell_template_name = "leads/admin/tables/follow_up_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = bool(instance.next_follow_up) and instance.next_follow_up < timezone.localdate()
        context["step"] = instance.next_step
        return context


def lead_listing_queryset():
    """Leads with what the listing shows, in a fixed number of queries whatever the page size."""
    latest_request = BrochureRequest.objects.filter(lead=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Lead.objects.select_related("owner")
        .annotate(latest_request_at=Subquery(latest_request.values("created_at")[:1]))
        .prefetch_related(
            Prefetch(
                "requests",
                queryset=BrochureRequest.objects.select_related("source_page").order_by("-created_at", "-pk"),
                to_attr="latest_requests",
            )
        )
    )


class LeadIndexView(IndexView):
    any_permission_required = ["view"]
    template_name = "leads/admin/lead_index.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_can(request.user, "view"):
            return forbidden(request)
        if self.is_export and not user_can(request.user, "export"):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return lead_listing_queryset()

    def search_queryset(self, queryset):
        # The same search as the bulk actions' "select all in listing".
        return lead_search(queryset, self.search_query) if self.is_searching else queryset

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and user_can(self.request.user, "export")

    @cached_property
    def columns(self):
        def detail_url(lead):
            return reverse("leads_admin:inspect", args=[quote(lead.pk)])

        now = timezone.now()
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="lead"),
            LeadTitleColumn(
                "name",
                label=_("Name"),
                accessor="display_name",
                get_url=detail_url,
                get_title_id=lambda lead: f"lead_{quote(lead.pk)}_title",
                sort_key="last_name",
                classname="lead-col lead-col--name",
            ),
            TextColumn(
                "company",
                label=_("Company"),
                secondary=lambda lead: lead.get_role_display(),
                sort_key="company",
                classname="lead-col lead-col--company",
            ),
            TextColumn(
                "courses",
                label=_("Course(s)"),
                accessor=exports.lead_courses,
                secondary=exports.lead_source,
                classname="lead-col lead-col--course",
            ),
            DateColumn(
                "latest_request_at", label=_("Requested at"), sort_key="latest_request_at", classname="lead-col"
            ),
            TextColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                # Only a spam lead is marked: a red cross on every other row would read as an alarm.
                secondary=lambda lead: (
                    _("Spam: %(reason)s") % {"reason": spam_reason_label(lead.spam_reason)} if lead.is_spam else ""
                ),
                sort_key="status",
                classname="lead-col lead-col--status",
            ),
            TextColumn(
                "owner",
                label=_("Owner"),
                accessor=exports.lead_owner,
                sort_key="owner__last_name",
                classname="lead-col lead-col--owner",
            ),
            FirstContactColumn(
                "first_contact",
                label=_("First contact"),
                accessor=lambda lead: first_contact_summary(lead, now=now),
                sort_key="first_contact_due_at",
                classname="lead-col",
            ),
            FollowUpColumn("next_follow_up", label=_("Follow-up"), sort_key="next_follow_up", classname="lead-col"),
            TextColumn(
                "mailchimp_state",
                label=_("Mailchimp"),
                accessor="get_mailchimp_state_display",
                secondary=lambda lead: "" if lead.marketing_consent else _("no consent"),
                sort_key="mailchimp_state",
                classname="lead-col",
            ),
        ]

    def order_queryset(self, queryset):
        ordering = self.ordering or ["-latest_request_at"]
        if isinstance(ordering, str):
            ordering = [ordering]
        expressions = [
            F(key[1:]).desc(nulls_last=True) if key.startswith("-") else F(key).asc(nulls_first=True)
            for key in ordering
        ]
        # Ending on the primary key keeps the order stable, so pagination never shows a lead twice.
        return queryset.order_by(*expressions, "-pk")

    # Exports: computed columns, spreadsheet-safe values, and an audit trail.

    def lead_row(self, lead) -> dict:
        row = exports.lead_export_row(lead)
        requested_at = row.get("requested_at")
        if requested_at:
            row["requested_at"] = timezone.make_naive(requested_at).replace(microsecond=0)
        return row

    def to_row_dict(self, item):
        # Rows are built in as_spreadsheet(), while the user's admin language is active:
        # Wagtail streams the CSV after the view has returned.
        return item

    def get_heading(self, queryset, field):
        return self.export_headings_text[field]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        leads = list(queryset)
        self.log_export(leads, spreadsheet_format)
        self.export_headings_text = {field: str(self.export_headings[field]) for field in self.list_export}
        rows = [self.lead_row(lead) for lead in leads]
        return super().as_spreadsheet(rows, spreadsheet_format)

    def log_export(self, leads, spreadsheet_format: str) -> None:
        """One audit log entry per exported lead, sharing the export's uuid, written in one query.

        The same entries ``leads.audit.lead_log(lead=lead, action=LEAD_EXPORT)`` writes.
        """
        log_model = log_action_registry.get_log_model_for_model(Lead)
        content_type = ContentType.objects.get_for_model(Lead, for_concrete_model=False)
        export_id, now = uuid.uuid4(), timezone.now()
        data = {"format": spreadsheet_format, "count": len(leads)}
        log_model.objects.bulk_create(
            log_model(
                content_type=content_type,
                object_id=str(lead.pk),
                label=lead_log_label(lead_id=lead.pk),
                action=LEAD_EXPORT,
                timestamp=now,
                user=self.request.user,
                uuid=export_id,
                data=data,
            )
            for lead in leads
        )

    def stream_csv(self, queryset):
        # Semicolons, every cell quoted and a byte-order mark: for Dutch Excel (see exports).
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        return exports.csv_stream(headings=headings, rows=rows)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"


class LeadViewSet(ModelViewSet):
    model = Lead
    name = "leads"
    url_namespace = "leads_admin"
    icon = "group"
    menu_label = _("Leads")
    menu_order = 150
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = LeadIndexView
    inspect_view_class = LeadDetailView
    filterset_class = LeadFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    ordering = ["-latest_request_at"]
    list_export = exports.EXPORT_FIELDS
    export_headings = exports.EXPORT_HEADINGS
    export_filename = "leads"

    def get_common_view_kwargs(self, **kwargs):
        # Leads come from the brochure form and are worked on their own page:
        # no generic add, edit, copy or delete views.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/mailchimp/retry/", LeadRetryMailchimpView.as_view(), name="retry_mailchimp"),
            path("<int:pk>/release/", LeadReleaseView.as_view(), name="release"),
        ]

    def register_admin_url_finder(self):
        from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder

        register_admin_url_finder(
            Lead, type("LeadAdminURLFinder", (ModelAdminURLFinder,), {"edit_url_name": "leads_admin:inspect"})
        )
