"""Wagtail hooks of the project package: keep the full-page cache in step with the content,
and keep the admin menu free of tools a user has no use for (the SEO listing, below).

Purging a cache is infrastructure, not business logic, so it listens to
Wagtail's and Django's own signals rather than being called from every
place content changes. Precise where it can be (a page, and the pages that
show it), everything at once where URLs change (moves, slug changes,
deletions), where a page becomes private, or where the change shows on
every page (site settings, sites).
"""

from django.db import models
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from website import cache


@receiver(page_published, dispatch_uid="page_cache_page_published")
@receiver(page_unpublished, dispatch_uid="page_cache_page_unpublished")
def purge_published_page(sender, instance, **kwargs):
    cache.purge_page(instance)


@receiver(page_slug_changed, dispatch_uid="page_cache_slug_changed")
@receiver(post_page_move, dispatch_uid="page_cache_page_moved")
def purge_after_url_change(sender, **kwargs):
    # The URLs of the page and of all its descendants changed: the old ones must stop answering.
    cache.purge_all()


@receiver(pre_delete, dispatch_uid="page_cache_page_deleted")
def purge_deleted_page(sender, instance, **kwargs):
    if type(instance) is Page:
        cache.purge_all()


def _shows_on_pages(model) -> bool:
    """Whether objects of ``model`` appear on pages: snippets, images, documents, and
    whatever a page model links to (authors, categories), Wagtail's own models aside."""
    if model in get_snippet_models() or issubclass(model, (get_image_model(), get_document_model())):
        return True
    if model._meta.app_label in NOT_SHOWN_APPS:
        return False
    return any(
        isinstance(field, (models.ForeignKey, models.ManyToManyField))
        and isinstance(field.related_model, type)
        and issubclass(model, field.related_model)
        for page_model in _page_models()
        for field in page_model._meta.get_fields()
    )


NOT_SHOWN_APPS = {"auth", "contenttypes", "sessions", "taggit", "wagtailcore", "wagtailusers", "wagtailadmin"}


def _used_by_settings(image) -> bool:
    from website.models import OrganisationSettings

    return OrganisationSettings.objects.filter(models.Q(logo=image) | models.Q(default_share_image=image)).exists()


def _page_models():
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Page)]


_watched: dict[type, bool] = {}


@receiver(post_save, dispatch_uid="page_cache_object_saved")
@receiver(pre_delete, dispatch_uid="page_cache_object_deleted")
def purge_pages_showing_object(sender, instance, raw=False, created=False, **kwargs):
    if raw or isinstance(instance, Page):
        return
    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        # Settings show in the header and footer of every page. A settings row is
        # created with its defaults the first time a page reads it: nothing changes then.
        if not created:
            cache.purge_all()
        return
    if isinstance(instance, (Site, PageViewRestriction)):
        # A restriction covers the page's whole subtree: its cached copies must go at once.
        cache.purge_all()
        return
    if isinstance(instance, get_image_model()) and _used_by_settings(instance):
        # The logo or default share image: on every page, and in the cached settings.
        cache.purge_all()
        return
    if sender not in _watched:
        _watched[sender] = _shows_on_pages(sender)
    if _watched[sender]:
        cache.purge_pages_showing(instance)


# wagtail-marketing-addons lists its SEO listing (Marketing → SEO Listing) for every admin
# user: its modeladmin permission helper lets anyone list pages. It is a tool for people who
# edit pages, so the menu leaves it out for everyone else (Sales, for instance).
SEO_LISTING_URL_NAME = "wagtailcore_page_modeladmin_index"


def _menu_links_to(item, url: str) -> bool:
    if getattr(item, "url", None) == url:
        return True
    submenu = getattr(item, "menu", None)
    return submenu is not None and any(_menu_links_to(child, url) for child in submenu.registered_menu_items)


def _seo_score(self, obj):
    return format_html("<span>{}</span>", self.seo_helper(obj).icon)


def _seo_score_without_inline_style() -> None:
    """The SEO listing's score column, without the inline style the admin's CSP blocks.

    wagtail-marketing-addons writes ``style="font-size: 28px"`` on every row's score;
    ``style-src 'self'`` refuses it, so the emoji showed at text size anyway and the
    browser console logged one violation per page row. Its ``score`` column method is the
    one place to change (``tests/website/test_seo.py`` fails if an upgrade renames it).
    """
    from wagtail_marketing.wagtail_hooks import SeoListingAdmin

    _seo_score.short_description = SeoListingAdmin.score.short_description
    SeoListingAdmin.score = _seo_score


_seo_score_without_inline_style()


@hooks.register("construct_main_menu")
def hide_seo_listing_from_non_editors(request, menu_items):
    if PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"]):
        return
    try:
        url = reverse(SEO_LISTING_URL_NAME)
    except NoReverseMatch:
        return
    menu_items[:] = [item for item in menu_items if not _menu_links_to(item, url)]
