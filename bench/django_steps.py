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


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def targets() -> None:
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    from blog.models import ArticlePage
    from leads.models import CoursePage

    article = ArticlePage.objects.live().order_by("pk").first()
    course = CoursePage.objects.live().order_by("pk").first()
    pages = {"home": "/", "article": urlsplit(article.url).path, "course": urlsplit(course.url).path}
    client = Client()
    queries = {}
    for name, url in pages.items():
        client.get(url, HTTP_HOST="127.0.0.1")  # renditions exist, as on a running site
        queries[name] = {
            "uncached": _queries(client, f"{url}?bench-sql={time.monotonic_ns()}"),
            "cached": _queries(client, url),
        }
    print(
        json.dumps(
            {
                "pages": pages,
                "course_id": course.pk,
                "static": staticfiles_storage.url("css/site.css"),
                "queries": queries,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    {"generate": generate, "targets": targets}[sys.argv[1]]()
