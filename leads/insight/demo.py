"""Months of plausible daily counts for the demo site, so the reports show something on `make run`.

Called by the demo history (``home/demo_history.py``, ``load_demo_content --history``)
after the pages and the demo leads exist. Written once: when any daily total exists already
(an earlier demo load, or real counts) nothing is added, so loading the demo again changes
nothing. The figures are made up but deterministic (seeded
by page slug and first day): weekdays busier than weekends, a slow growth, a newsletter on
Tuesdays, and views in step with the demo's brochure requests where there are any.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.conf import settings
from django.db.models.functions import TruncDate
from django.utils import timezone
from wagtail.models import Page

from leads.insight.services import rollups_rebuild
from leads.models import BrochureRequest, PageDailyCount, RefusedFieldDailyCount, SourceDailyCount

# Views on an ordinary weekday, by page type (model name); other types get the default.
BASE_VIEWS = {"homepage": 140, "coursepage": 45, "articlepage": 70, "blogindexpage": 35, "courseindexpage": 40}
DEFAULT_VIEWS = 6
# Share of views in which the brochure form scrolled into view, per page type.
FORM_SEEN = {"coursepage": 0.55, "articlepage": 0.22, "homepage": 0.12}
WEEKDAY = [1.0, 1.05, 1.0, 0.95, 0.85, 0.45, 0.4]
REFUSED_FIELDS = [("email", 0.5), ("phone", 0.25), ("company", 0.15), ("role", 0.1)]
SOURCES = [("google.com", "", "", "", 0.32), ("linkedin.com", "", "", "", 0.07), ("bing.com", "", "", "", 0.03)]
VIEWS_PER_REQUEST = 60


def _campaign(day: datetime.date) -> str:
    return f"nieuwsbrief-{day:%Y-%m}"


def demo_counts_load(*, days: int | None = None, today: datetime.date | None = None) -> str:
    """Add ``days`` days of counts for every live page, once; returns a line for the loader's report."""
    if PageDailyCount.objects.exists():
        return "Page counts: up to date"
    days = days or getattr(settings, "INSIGHT_DEMO_DAYS", 180)
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days)
    pages = list(Page.objects.live().filter(depth__gt=1).select_related("content_type").order_by("path"))
    requests = Counter(
        BrochureRequest.objects.filter(source_page__isnull=False, is_spam=False, created_at__date__gte=first)
        .annotate(day=TruncDate("created_at"))
        .values_list("source_page_id", "day")
    )
    page_rows, source_rows, refused_rows = [], [], []
    for page in pages:
        kind = page.content_type.model
        rng = random.Random(f"{page.slug}-{first.isoformat()}")  # noqa: S311 (made-up figures)
        popularity = rng.uniform(0.5, 1.5)
        for offset in range(days):
            day = first + datetime.timedelta(days=offset)
            growth = 0.8 + 0.3 * offset / days
            newsletter = day.weekday() == 1
            views = BASE_VIEWS.get(kind, DEFAULT_VIEWS) * popularity * growth * WEEKDAY[day.weekday()]
            views = round(views * rng.uniform(0.8, 1.2) * (1.4 if newsletter else 1.0))
            views = max(views, VIEWS_PER_REQUEST * requests.get((page.pk, day), 0))
            if not views:
                continue
            seen = round(views * FORM_SEEN.get(kind, 0) * rng.uniform(0.85, 1.15))
            started = round(seen * rng.uniform(0.2, 0.35))
            refused = round(started * rng.uniform(0.1, 0.3))
            page_rows.append(
                PageDailyCount(
                    day=day, page=page, views=views, forms_seen=seen, forms_started=started, forms_refused=refused
                )
            )
            for domain, source, medium, campaign, share in SOURCES:
                number = round(views * share * rng.uniform(0.7, 1.3))
                if number:
                    source_rows.append(
                        SourceDailyCount(
                            day=day,
                            page=page,
                            referrer_domain=domain,
                            utm_source=source,
                            utm_medium=medium,
                            utm_campaign=campaign,
                            views=number,
                        )
                    )
            if newsletter:
                number = round(views * 0.25)
                if number:
                    source_rows.append(
                        SourceDailyCount(
                            day=day,
                            page=page,
                            utm_source="nieuwsbrief",
                            utm_medium="email",
                            utm_campaign=_campaign(day),
                            views=number,
                        )
                    )
            left = refused
            for name, share in REFUSED_FIELDS:
                number = min(left, round(refused * share + rng.random()))
                left -= number
                if number:
                    refused_rows.append(RefusedFieldDailyCount(day=day, page=page, field_name=name, refusals=number))
    PageDailyCount.objects.bulk_create(page_rows, batch_size=2000)
    SourceDailyCount.objects.bulk_create(source_rows, batch_size=2000)
    RefusedFieldDailyCount.objects.bulk_create(refused_rows, batch_size=2000)
    rollups_rebuild()
    return f"Page counts: {days} days for {len(pages)} pages added"
