"""The benchmark's steps that run inside Django (called by bench/run.py in a subprocess).

    python -m bench.django_steps generate   # 200 articles, 20 courses, 10,000 leads
    python -m bench.django_steps targets    # URLs, course id, SQL queries per page (JSON)

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
    print(
        json.dumps(
            {
                "pages": pages,
                "course_id": course.pk,
                "static": staticfiles_storage.url("css/site.css"),
                "queries": queries,
                "render_ms": render_ms,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    {"generate": generate, "targets": targets}[sys.argv[1]]()
