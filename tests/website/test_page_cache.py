"""The full-page cache: anonymous visitors get stored pages, editors never see stale ones."""

import gzip
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction

from tests.website.factories import build_site
from website.models import OrganisationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(page_cache):
    return build_site()


def visit(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_anonymous_visit_is_served_from_cache(client, site):
    first = visit(client, site.article.url)
    second = visit(client, site.article.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content


def test_cache_hit_does_no_database_query(client, site, django_assert_num_queries):
    visit(client, site.article.url)
    with django_assert_num_queries(0):
        response = visit(client, site.article.url)
    assert response["X-Cache"] == "HIT"


def test_cached_page_may_be_kept_by_browsers_briefly_and_by_a_cdn_longer(client, site, settings):
    response = visit(client, site.course.url)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {
        "public",
        f"max-age={settings.PAGE_CACHE_MAX_AGE}",
        f"s-maxage={settings.PAGE_CACHE_S_MAXAGE}",
    }


def test_cached_page_contains_no_csrf_token_and_sets_no_cookie(client, site):
    visit(client, site.course.url)
    response = visit(client, site.course.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_tracking_parameters_share_the_cached_page(client, site):
    visit(client, site.article.url)
    response = visit(client, f"{site.article.url}?utm_source=nieuwsbrief&utm_campaign=najaar&gclid=abc")
    assert response["X-Cache"] == "HIT"


def test_other_query_strings_get_their_own_cached_page(client, site):
    visit(client, site.blog.url)
    assert visit(client, f"{site.blog.url}?pagina=2")["X-Cache"] == "MISS"
    assert visit(client, f"{site.blog.url}?pagina=2")["X-Cache"] == "HIT"


def test_compressed_copy_is_served_to_browsers_that_accept_gzip(client, site):
    plain = visit(client, site.article.url)
    compressed = visit(client, site.article.url, accept_encoding="gzip, deflate")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert "Accept-Encoding" in compressed["Vary"]


def test_head_request_is_answered_from_cache_without_a_body(client, site):
    visit(client, site.article.url)
    response = client.head(site.article.url)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_logged_in_editor_never_gets_a_cached_page(client, site):
    visit(client, site.article.url)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    response = visit(client, site.article.url)
    assert response.get("X-Cache") != "HIT"
    # ...and what the editor saw is not stored for visitors.
    client.logout()
    client.cookies.clear()
    assert visit(client, site.article.url)["X-Cache"] == "HIT"


def test_admin_is_never_cached(client, site):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    client.get("/admin/")
    client.cookies.clear()
    response = client.get("/admin/")
    assert response.status_code == 302  # to the login page: nothing was served from cache
    assert "X-Cache" not in response


def test_password_protected_page_is_never_served_from_cache(client, site):
    PageViewRestriction.objects.create(page=site.content, restriction_type="password", password="geheim")
    first = visit(client, site.content.url)
    second = visit(client, site.content.url)
    assert second["X-Cache"] != "HIT"
    assert first.cookies or second.cookies  # the password form's CSRF cookie: personal, so never stored


def test_published_change_shows_on_the_next_visit(client, site):
    visit(client, site.article.url)
    site.article.title = "Bestek schrijven in vijf stappen"
    site.article.save_revision().publish()
    response = visit(client, site.article.url)
    assert response["X-Cache"] == "MISS"
    assert "Bestek schrijven in vijf stappen" in response.content.decode()


def test_published_change_through_the_admin_shows_on_the_next_visit(client, site):
    visit(client, site.content.url)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    page = site.content
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Over Covalis",
            "slug": page.slug,
            "intro": page.intro,
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    client.cookies.clear()
    assert "Over Covalis" in visit(client, site.content.url).content.decode()


def test_publishing_an_article_refreshes_the_home_page_and_the_blog(client, site):
    for url in (site.home.url, site.blog.url, f"{site.blog.url}?pagina=1"):
        visit(client, url)
    site.article.title = "Nieuwe titel voor het bestek"
    site.article.save_revision().publish()
    for url in (site.home.url, site.blog.url, f"{site.blog.url}?pagina=1"):
        assert visit(client, url)["X-Cache"] == "MISS", url


def test_publishing_a_page_leaves_unrelated_pages_cached(client, site):
    visit(client, site.content.url)
    site.article.title = "Nieuwe titel voor het bestek"
    site.article.save_revision().publish()
    assert visit(client, site.content.url)["X-Cache"] == "HIT"


def test_publishing_a_course_refreshes_articles_that_link_to_it(client, site):
    visit(client, site.article.url)
    site.course.title = "Aanbesteden voor gevorderden"
    site.course.save_revision().publish()
    assert visit(client, site.article.url)["X-Cache"] == "MISS"


def test_publishing_any_page_refreshes_the_search_page(client, site):
    visit(client, f"{site.search.url}?q=bestek")
    site.course.save_revision().publish()
    assert visit(client, f"{site.search.url}?q=bestek")["X-Cache"] == "MISS"


def test_unpublished_page_disappears_at_once(client, site):
    visit(client, site.article.url)
    site.article.unpublish()
    assert client.get(site.article.url).status_code == 404


def test_deleted_page_disappears_at_once(client, site):
    url = site.article.url
    visit(client, url)
    site.article.delete()
    assert client.get(url).status_code == 404


def test_moved_page_redirects_from_its_old_address(client, site, django_capture_on_commit_callbacks):
    url = site.content.url
    visit(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        site.content.move(site.courses, pos="last-child")
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, "/trainingen/over-ons/")


def test_changed_slug_redirects_from_the_old_address(client, site, django_capture_on_commit_callbacks):
    url = site.content.url
    visit(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        site.content.slug = "wie-wij-zijn"
        site.content.save_revision().publish()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, "/wie-wij-zijn/")


def test_changing_site_settings_refreshes_every_page(client, site):
    urls = [site.home.url, site.article.url, site.course.url, site.content.url]
    for url in urls:
        visit(client, url)
    organisation = OrganisationSettings.for_site(site.home.get_site())
    organisation.name = "Covalis Academie"
    organisation.save()
    for url in urls:
        response = visit(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Covalis Academie" in response.content.decode(), url


def test_changing_a_snippet_refreshes_the_pages_that_show_it(client, site):
    visit(client, site.article.url)
    visit(client, site.content.url)
    site.author.name = "Ans de Vries-Jansen"
    site.author.save()
    assert visit(client, site.article.url)["X-Cache"] == "MISS"
    assert visit(client, site.content.url)["X-Cache"] == "HIT"


def test_changing_an_image_refreshes_the_pages_that_show_it(client, site):
    visit(client, site.course.url)
    visit(client, site.content.url)
    image = site.course.hero_image
    image.title = "Nieuwe titel"
    image.save()
    assert visit(client, site.course.url)["X-Cache"] == "MISS"
    assert visit(client, site.content.url)["X-Cache"] == "HIT"


def test_page_stored_while_a_purge_happened_is_not_served(client, site, monkeypatch):
    """A page rendered from old content while an editor publishes must not be served afterwards."""
    from website import cache as page_cache_module

    real_is_cacheable = page_cache_module.response_is_cacheable

    def publish_during_render(request, response):
        page_cache_module.purge_paths([site.content.url])
        return real_is_cacheable(request, response)

    monkeypatch.setattr(page_cache_module, "response_is_cacheable", publish_during_render)
    visit(client, site.content.url)
    monkeypatch.setattr(page_cache_module, "response_is_cacheable", real_is_cacheable)
    assert visit(client, site.content.url)["X-Cache"] == "MISS"


def test_brochure_form_submits_from_a_cached_page(client, site, settings):
    from leads.models import Lead

    settings.BROCHURE_MIN_FILL_SECONDS = 0  # the test fills the form in faster than a person

    visit(client, site.course.url)
    page = visit(client, site.course.url)
    assert page["X-Cache"] == "HIT"
    html = page.content.decode()
    form = re.search(r'<form[^>]*js-brochure-form[^>]*action="([^"]+)"[^>]*data-token-url="([^"]+)"', html)
    assert form, "the course page shows the brochure form"
    action, token_url = form.groups()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    # What the script does on a cached page: fetch a fresh token and start time, then post.
    token = client.get(token_url, headers={"accept": "application/json"}).json()
    fields.update(
        csrfmiddlewaretoken=token["csrfToken"],
        form_started=token["formStarted"],
        first_name="Piet",
        last_name="Jansen",
        email="piet@example.nl",
        company="Gemeente Utrecht",
        role="inkoper",
    )
    response = client.post(action, fields)
    assert response.status_code == 303, response.content.decode()[:2000]
    assert Lead.objects.filter(email="piet@example.nl", is_spam=False).exists()


class RecordingFrontendCache(BaseBackend):
    """A CDN stand-in for Wagtail's frontend cache: remembers the URLs it was asked to purge."""

    purged: list[str] = []

    def purge(self, url) -> None:
        self.purged.append(url)


def run_frontend_cache_purges() -> None:
    """Run the purge jobs Wagtail queued, as the task worker would."""
    from django_tasks_db.models import DBTaskResult

    for job in DBTaskResult.objects.filter(task_path__endswith="purge_urls_from_cache_task"):
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingFrontendCache"}}
    RecordingFrontendCache.purged = []
    return RecordingFrontendCache.purged


def test_publishing_purges_the_page_and_its_listings_from_the_cdn(site, cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site.article.title = "Nieuwe titel voor het bestek"
        site.article.save_revision().publish()
    run_frontend_cache_purges()
    assert {site.article.full_url, site.blog.full_url, site.home.full_url} <= set(cdn)
    assert site.content.full_url not in cdn


def test_cdn_purge_is_configured_from_the_environment(tmp_path):
    from tests.website.test_static import run_with_production_settings

    result = run_with_production_settings(
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILFRONTENDCACHE))",
        tmp_path,
        FRONTEND_CACHE_HTTP_PURGE_URL="http://127.0.0.1:6081",
    )
    assert result == {
        "http": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:6081"}
    }
