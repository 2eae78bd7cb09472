"""Factories for the home app, and the one builder of a test site: its home page and Site.

Every test that needs a site without the demo content starts from :func:`home_page`; the
apps' factories hang their pages under it (``tests.leads.factories.course_index``,
``tests.blog.factories.blog_index``), and ``tests.website.factories`` builds its
larger site on it.
"""

import factory
import wagtail_factories
from wagtail.models import Page, Site

from home.models import ContentPage, HomePage, SearchPage

SITE_HOSTNAME = "localhost"
SITE_NAME = "Covalis"


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Covalis"
    slug = "home"
    hero_title = "Trainingen die experts overtuigend maken"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Artikelpagina {n}")

    class Meta:
        model = ContentPage


class SearchPageFactory(wagtail_factories.PageFactory):
    title = "Zoeken"
    slug = "zoeken"

    class Meta:
        model = SearchPage


def _tree_root() -> Page:
    """Wagtail's root page; made again when a transactional test emptied the tables the migrations filled."""
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def home_page(**fields) -> HomePage:
    """The home page at the root of the default site (``localhost``), made once per test.

    It replaces Wagtail's welcome page and is published with a revision, as an editor
    publishes. ``fields`` apply when it is made (``hero_title=...``).
    """
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = _tree_root()
    # The Site row stays (a site deletes with its root page), and with it any site settings
    # a test saved before; it points at the tree's root while the welcome page goes.
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = root
    site.save()
    for default in Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore"):
        default.delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root, **fields)
    home.save_revision().publish()
    home.refresh_from_db()
    site.hostname, site.port, site.site_name, site.root_page = SITE_HOSTNAME, 80, SITE_NAME, home
    site.save()
    Site.objects.exclude(pk=site.pk).delete()
    return home


def default_site() -> Site:
    """The default site, with :func:`home_page` as its root."""
    home_page()
    return Site.objects.get(is_default_site=True)
