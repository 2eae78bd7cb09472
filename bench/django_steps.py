"""The benchmark's steps that run inside Django (called by bench/run.py in a subprocess).

    python -m bench.django_steps generate   # 200 articles, 20 courses, 10,000 leads
    python -m bench.django_steps targets    # URLs, course id, SQL queries per page (JSON)
    python -m bench.django_steps insight    # 1,000 pages x 365 days of counts; the content report's time (JSON)

Runs with the same environment (settings, database, Redis) as the server under test.
"""

import json
import sys
import time
from urllib.parse import urlsplit

import django

ARTICLES = 200
COURSES = 20
LEADS = 10_000


def generate() -> None:
    from django.utils.crypto import get_random_string

    from blog.models import ArticlePage, BlogIndexPage
    from leads.models import CourseIndexPage, CoursePage, Lead

    blog = BlogIndexPage.objects.live().first()
    course_index = CourseIndexPage.objects.live().first()
    model_article = ArticlePage.objects.live().order_by("pk").first()
    model_course = CoursePage.objects.live().order_by("pk").first()
    started = time.monotonic()
    for number in range(COURSES - CoursePage.objects.count()):
        course = CoursePage(
            title=f"Training {number + 1}: aanbesteden in de praktijk",
            slug=f"bench-training-{number + 1}",
            intro=model_course.intro,
            hero_image=model_course.hero_image,
            body=model_course.body.get_prep_value(),
            duration="2 dagen",
        )
        course_index.add_child(instance=course)
        course.save_revision().publish()
    courses = list(CoursePage.objects.live())
    for number in range(ARTICLES - ArticlePage.objects.count()):
        article = ArticlePage(
            title=f"Artikel {number + 1} over aanbesteden en ICT",
            slug=f"bench-artikel-{number + 1}",
            intro=model_article.intro,
            hero_image=model_article.hero_image,
            author=model_article.author,
            body=model_article.body.get_prep_value(),
            related_course=courses[number % len(courses)],
        )
        blog.add_child(instance=article)
        article.save_revision().publish()
    missing = LEADS - Lead.objects.count()
    roles = [choice for choice, _label in Lead.Role.choices]
    leads = []
    for number in range(missing):
        email = f"lead{number}-{get_random_string(6).lower()}@bench.covalis.nl"
        leads.append(
            Lead(
                email=email,
                email_key=email,
                first_name="Bench",
                last_name=f"Lead {number}",
                company="Benchmark BV",
                role=roles[number % len(roles)],
            )
        )
    Lead.objects.bulk_create(leads, batch_size=1000)
    print(
        json.dumps(
            {
                "articles": ArticlePage.objects.count(),
                "courses": CoursePage.objects.count(),
                "leads": Lead.objects.count(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


def _measure(client, url: str) -> tuple[int, float]:
    """SQL queries and milliseconds of one request, in this process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), elapsed


def _median(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2], 1)


def targets() -> None:
    """Per page: queries and in-process time of a cache hit, a miss and a cold render.

    A miss is a query string the page cache has not seen (fragments and route cached);
    a cold render follows a purge of everything, as after a change to the site settings.
    """
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    from blog.models import ArticlePage
    from leads.models import CoursePage
    from website.cache import purge_all

    article = ArticlePage.objects.live().order_by("pk").first()
    course = CoursePage.objects.live().order_by("pk").first()
    pages = {"home": "/", "article": urlsplit(article.url).path, "course": urlsplit(course.url).path}
    client = Client()
    queries, render_ms = {}, {}
    for name, url in pages.items():
        client.get(url, HTTP_HOST="127.0.0.1")  # renditions exist, as on a running site
        hit = _measure(client, url)
        misses = [_measure(client, f"{url}?pagina=bench-sql-{time.monotonic_ns()}") for _ in range(20)]
        colds = []
        for _ in range(20):
            purge_all()
            colds.append(_measure(client, url))
        queries[name] = {"cached": hit[0], "uncached": misses[-1][0], "cold": colds[-1][0]}
        render_ms[name] = {
            "miss": _median([ms for _queries, ms in misses]),
            "cold": _median([ms for _queries, ms in colds]),
        }
    purge_all()
    cold_queries = _cold_queries(client)
    purge_all()
    beacon_body, beacon_queries = _beacon(client, article)
    print(
        json.dumps(
            {
                "pages": pages,
                "course_id": course.pk,
                "beacon_body": beacon_body,
                "beacon_queries": beacon_queries,
                "static": staticfiles_storage.url("css/site.css"),
                "queries": queries,
                "cold_queries": cold_queries,
                "render_ms": render_ms,
            }
        )
    )


def _cold_queries(client) -> dict[str, dict[str, int]]:
    """SQL queries of a cold render of every public page type: a visitor's after a purge of
    everything, and an editor's (user bar, no page cache) right after publishing the page."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Page

    from blog.models import ArticlePage, BlogIndexPage
    from home.models import ContentPage, HomePage, SearchPage
    from leads.models import CourseIndexPage, CoursePage
    from website.cache import purge_all, purge_page

    def first(model):
        return model.objects.live().order_by("pk").first()

    pages = {
        "home": first(HomePage),
        "blog index": first(BlogIndexPage),
        "article": first(ArticlePage),
        "course overview": first(CourseIndexPage),
        "course": first(CoursePage),
        "content page": first(ContentPage),
        "search": first(SearchPage),
    }
    users = get_user_model().objects
    editor = users.filter(username="bench-editor").first()
    editor = editor or users.create_superuser("bench-editor", "editor@covalis.nl", "bench-password")
    editor_client = Client()
    editor_client.force_login(editor)
    counts = {}
    for name, page in pages.items():
        if page is None:
            continue
        url = urlsplit(page.url).path + ("?q=training" if name == "search" else "")
        client.get(url, HTTP_HOST="127.0.0.1")
        purge_all()
        visitor = _measure(client, url)[0]
        editor_client.get(url, HTTP_HOST="127.0.0.1")
        purge_page(Page.objects.get(pk=page.pk).specific)
        counts[name] = {"visitor": visitor, "editor": _measure(editor_client, url)[0]}
    return counts


CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
BEACON_HEADERS = {"HTTP_USER_AGENT": CHROME, "HTTP_SEC_FETCH_SITE": "same-origin", "REMOTE_ADDR": "192.0.2.1"}


def _beacon(client, page) -> tuple[str, int]:
    """A page-view beacon as the page's script sends it, and the SQL queries it costs in this process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from website.measurement import page_token_make

    body = json.dumps({"p": page_token_make(page_id=page.pk), "e": "view", "r": "", "u": {}})
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/telling/", body, content_type="text/plain", HTTP_HOST="127.0.0.1", **BEACON_HEADERS)
    assert response.status_code == 204, response.status_code
    return body, len(queries)


INSIGHT_PAGES = 1000
INSIGHT_DAYS = 365


def insight() -> None:
    """1,000 pages with 365 days of counts each, then the content report's time and queries, in-process.

    Run after the load tests: the extra pages would change the other figures.
    """
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from wagtail.models import Page

    from home.models import ContentPage, HomePage
    from leads.insight.services import rollups_rebuild
    from leads.models import PageDailyCount, SourceDailyCount

    started = time.monotonic()
    home = HomePage.objects.first()
    archive = ContentPage.objects.filter(slug="bench-archief").first()
    if archive is None:
        archive = home.add_child(instance=ContentPage(title="Bench archief", slug="bench-archief"))
    missing = INSIGHT_PAGES - Page.objects.filter(depth__gt=1).count()
    for number in range(max(missing, 0)):
        archive.add_child(instance=ContentPage(title=f"Bench pagina {number}", slug=f"bench-pagina-{number}"))
    page_ids = list(Page.objects.filter(depth__gt=1).order_by("pk").values_list("pk", flat=True)[:INSIGHT_PAGES])
    today = timezone.localdate()
    rng = random.Random(16)
    PageDailyCount.objects.all().delete()
    SourceDailyCount.objects.all().delete()
    rows = []
    for page_id in page_ids:
        for offset in range(INSIGHT_DAYS):
            views = rng.randint(0, 200)
            rows.append(
                PageDailyCount(
                    day=today - datetime.timedelta(days=offset),
                    page_id=page_id,
                    views=views,
                    forms_seen=views // 4,
                    forms_started=views // 12,
                    forms_refused=views // 50,
                )
            )
        if len(rows) >= 50_000:
            PageDailyCount.objects.bulk_create(rows, batch_size=10_000)
            rows = []
    PageDailyCount.objects.bulk_create(rows, batch_size=10_000)
    rollups_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    generated = round(time.monotonic() - started, 1)

    users = get_user_model().objects
    user = users.filter(username="bench-marketer").first()
    user = user or users.create_superuser("bench-marketer", "bench@covalis.nl", "bench-password")
    client = Client()
    client.force_login(user)
    results = {}
    for name, query in (
        ("year", "?preset=last_12_months&sort=-views"),
        ("quarter_by_conversion", "?preset=last_quarter&sort=-conversion"),
    ):
        url = "/admin/reports/content/" + query
        client.get(url, HTTP_HOST="127.0.0.1")  # warm: moves what the beacon run left in Redis
        times, counts = [], []
        for _ in range(7):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                times.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
            counts.append(len(queries))
        results[name] = {"ms": _median(times), "queries": max(counts)}
    print(
        json.dumps(
            {
                "pages": len(page_ids),
                "days": INSIGHT_DAYS,
                "rows": PageDailyCount.objects.count(),
                "generate_s": generated,
                "report": results,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    {"generate": generate, "targets": targets, "insight": insight}[sys.argv[1]]()
