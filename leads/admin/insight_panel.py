"""The page editor's "Figures" tab: the page's own views, form funnel and requests for the last 30 days.

Shown to users who may see the content performance report. It marks the day the page was
last published, so an editor sees what an edit changed without leaving the page. Added to
every page type through ``PAGE_EDITOR_EXTRA_TABS`` (see ``website.models.BasePage``).
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from leads.admin.insight_report import PERMISSION
from leads.insight import report, services

DAYS = 30
CHART_WIDTH = 600
CHART_HEIGHT = 120


def _chart(figures: report.PageFigures) -> dict:
    """Bars per day for the views, a dot per day with requests, a line on the day of the last publication."""
    slot = CHART_WIDTH / max(len(figures.days), 1)
    top = max((day.views for day in figures.days), default=0)
    bars = []
    for index, day in enumerate(figures.days):
        height = round(CHART_HEIGHT * day.views / top, 1) if top else 0
        bars.append(
            {
                "day": day,
                "x": round(index * slot + slot * 0.15, 1),
                "y": round(20 + CHART_HEIGHT - height, 1),
                "height": height,
                "centre": round(index * slot + slot / 2, 1),
                "published": day.day == figures.published_at,
            }
        )
    return {
        "bars": bars,
        "bar_width": round(slot * 0.7, 1),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT + 40,
        "base": CHART_HEIGHT + 20,
        "dot_y": CHART_HEIGHT + 32,
        "top": top,
    }


class PageFiguresPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "leads/admin/insight/page_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["report_url"] = reverse("insight_report_pages") + "?preset=last_30_days"
            if page is None or not page.pk:
                context["figures"] = None
                return context
            services.insight_counts_move()  # up to the minute, as the reports
            figures = report.page_figures(page=page, days=DAYS)
            context.update({"figures": figures, "chart": _chart(figures), "days": DAYS})
            return context

        @property
        def media(self):
            return forms.Media(css={"all": ["leads/admin/insight.css"]})


def figures_tab() -> ObjectList:
    """The tab, for ``PAGE_EDITOR_EXTRA_TABS``."""
    return ObjectList([PageFiguresPanel()], heading=_("Figures"), permission=PERMISSION)
