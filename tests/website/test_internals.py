"""The private Django and Wagtail behaviour ``website/internals.py`` relies on, checked after every upgrade.

If one of these fails after upgrading Django or Wagtail, adapt the function named in the
test (and only that module): the page cache's route cache, the brochure form's CSRF
messages and the CDN purge depend on it.
"""

import re

import pytest
from django.db import transaction
from django.test import RequestFactory
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from tests.website.factories import build_site
from website import internals

pytestmark = pytest.mark.django_db


def test_wagtail_uses_the_site_and_route_remembered_on_the_request(django_assert_num_queries):
    """``wagtail_route_remember``: Wagtail must not look up a site or route the request already carries."""
    site_tree = build_site()
    site = Site.objects.get(is_default_site=True)
    page = Page.objects.get(pk=site_tree.article.pk).specific
    request = RequestFactory().get("/any/path/")
    internals.wagtail_route_remember(request, site=site, route=RouteResult(page))
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
        assert Page.route_for_request(request, request.path).page is page


def test_wagtail_leaves_the_site_and_route_it_found_on_the_request():
    """``wagtail_route_found``: after routing, Wagtail's answer is on the request."""
    site_tree = build_site()
    request = RequestFactory().get(site_tree.article.url)
    assert internals.wagtail_route_found(request) is None
    route = Page.route_for_request(request, request.path)
    site, found = internals.wagtail_route_found(request)
    assert site == Site.find_for_request(request)
    assert found is route and found.page.pk == site_tree.article.pk


def test_django_names_the_reason_of_a_failed_csrf_check():
    """``csrf_failure_reason``: Django's ``_reject`` still receives the reason."""
    request = RequestFactory().post("/brochure/aanvragen/", {"first_name": "Sanne"})
    request._dont_enforce_csrf_checks = False
    reason = internals.csrf_failure_reason(request)
    assert isinstance(reason, str) and "CSRF" in reason


def test_django_passes_a_good_csrf_token():
    from django.middleware.csrf import get_token

    factory = RequestFactory()
    first = factory.get("/")
    token = get_token(first)
    request = factory.post("/brochure/aanvragen/", {"csrfmiddlewaretoken": token})
    request.COOKIES["csrftoken"] = first.META["CSRF_COOKIE"]
    assert internals.csrf_failure_reason(request) is None


@pytest.mark.parametrize(("origin", "verified"), [("http://testserver", True), ("https://elders.example", False)])
def test_django_judges_the_origin_header(origin, verified):
    """``csrf_origin_verified``: Django's ``_origin_verified`` compares Origin with the request's host."""
    request = RequestFactory().post("/brochure/aanvragen/", headers={"Origin": origin})
    assert internals.csrf_origin_verified(request) is verified


def test_django_lists_the_callbacks_waiting_for_a_commit():
    """``on_commit_pending``: ``connection.run_on_commit`` still holds the waiting callbacks."""

    def callback():
        pass

    with transaction.atomic():
        assert not internals.on_commit_pending(callback)
        transaction.on_commit(callback)
        assert internals.on_commit_pending(callback)


PRIVATE_NAMES = ["_wagtail_site", "_wagtail_route_for_request", "_get_raw_host", "run_on_commit", "_origin_verified"]


def test_private_names_are_used_in_the_adapter_only():
    """Everything else goes through ``website.internals``, so an upgrade has one place to check."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("website", "home", "blog", "leads"):
        for path in (repo / app).rglob("*.py"):
            if path.name == "internals.py" or "migrations" in path.parts:
                continue
            text = path.read_text()
            offenders += [
                f"{path.relative_to(repo)}: {name}" for name in PRIVATE_NAMES if re.search(rf"(?<!\w){name}\b", text)
            ]
    assert offenders == []
