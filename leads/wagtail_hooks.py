"""Wagtail admin hooks of the leads app."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


# Brochures stay private (issue 14.9): Wagtail's document view never hands one to a visitor.
@hooks.register("before_serve_document")
def refuse_brochure_to_visitors(document, request):
    from leads import services

    refusal = services.brochure_document_refusal(document=document, user=getattr(request, "user", None))
    if refusal is False:
        return None
    if refusal is None:
        raise Http404("No such document.")
    response = HttpResponseRedirect(refusal.url)  # the course page, whose form hands it out
    response["Cache-Control"] = "private, no-store"
    return response


# Privacy (issue 9): subject access, erasure and withdrawal views; the audit log actions of the app.
@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    from leads.admin.privacy import privacy_admin_urls

    return privacy_admin_urls()


@hooks.register("register_log_actions")
def register_lead_log_actions(actions):
    from leads.audit import log_actions_register

    log_actions_register(actions)


# Sales desk (issue 6): the Leads listing, bulk actions, dashboard panel, funnel report.
@hooks.register("register_admin_viewset")
def register_lead_viewset():
    from leads.admin.viewsets import LeadViewSet

    return LeadViewSet()


def _register_lead_bulk_actions():
    from leads.admin.bulk_actions import LEAD_BULK_ACTIONS

    for action_class in LEAD_BULK_ACTIONS:
        hooks.register("register_bulk_action", action_class)


_register_lead_bulk_actions()


@hooks.register("register_permissions")
def register_sales_desk_permissions():
    """The report and routing permissions (``SalesDesk``), shown in the group editor to be given."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="leads", content_type__model="salesdesk")


@hooks.register("construct_homepage_panels")
def add_sales_dashboard_panel(request, panels):
    if request.user.has_perm("leads.view_lead"):
        from leads.admin.panels import SalesDashboardPanel

        panels.append(SalesDashboardPanel())


@hooks.register("register_admin_urls")
def register_funnel_report_url():
    from django.urls import path

    from leads.admin.report import FunnelReportView

    return [path("reports/lead-funnel/", FunnelReportView.as_view(), name="leads_funnel_report")]


@hooks.register("register_reports_menu_item")
def register_funnel_report_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class FunnelReportMenuItem(MenuItem):
        def is_shown(self, request):
            from leads.models import REPORT_PERMISSION

            return request.user.has_perm(REPORT_PERMISSION)

    return FunnelReportMenuItem(_("Lead funnel"), reverse("leads_funnel_report"), icon_name="view", order=700)


# Mailchimp (issue 5): a dashboard notice while the sync cannot run, for those who can set it up.
@hooks.register("construct_homepage_panels")
def add_mailchimp_status_panel(request, panels):
    from leads.admin.mailchimp_panel import MailchimpStatusPanel, mailchimp_notice_for

    message = mailchimp_notice_for(request.user)
    if message:
        panels.append(MailchimpStatusPanel(message=message))


# Speed to lead and the sales desk (issues 17 and 18): the listing, lead page, dashboard and report styles.
@hooks.register("insert_global_admin_css")
def sales_desk_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("leads/admin/sales_desk.css"))


# Editorial: testimonials are snippets chosen on course pages.
def _register_snippets():
    from wagtail.snippets.models import register_snippet

    from leads.admin.snippets import TestimonialViewSet

    register_snippet(TestimonialViewSet)


_register_snippets()


# Insight (issue 16): Reports → Content performance, for Marketing and Sales (no lead data).
@hooks.register("register_admin_urls")
def register_insight_report_urls():
    from leads.admin.insight_report import insight_admin_urls

    return insight_admin_urls()


@hooks.register("register_reports_menu_item")
def register_insight_report_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from leads.admin.insight_report import user_can_see_insight

    class ContentPerformanceMenuItem(MenuItem):
        def is_shown(self, request):
            return user_can_see_insight(request.user)

    return ContentPerformanceMenuItem(
        _("Content performance"), reverse("insight_report_pages"), icon_name="view", order=710
    )
