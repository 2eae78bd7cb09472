"""What every page shares: the abstract base page, its mixins and site-wide settings.

Nothing here imports an app: ``home``, ``blog`` and ``leads`` build on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from website import links, routing
from website.blocks import LinkBlock
from website.cache import site_wide


def outside_private_sections() -> Exists:
    """Filter for pages no view restriction covers: what ``PageQuerySet.public()`` keeps, in the same query.

    ``public()`` first loads every restriction of the site with its page (a query of its
    own on every listing); this asks the database whether a restricted page's path starts
    this page's path instead. Use as ``Page.objects.live().filter(outside_private_sections())``.
    """
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def image_field(verbose_name=None, **kwargs) -> models.ForeignKey:
    """An optional image: left empty when the image is deleted, and no reverse relation on images.

    The one way every model refers to an image (STYLE.md "Models and pages").
    """
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


class SocialImageMixin(models.Model):
    """The image shown when the page is shared on social media."""

    social_image = image_field(
        _("social image"),
        help_text=_(
            "Shown when the page is shared (1200×630 works best). Falls back to the page image, then the site default."
        ),
    )

    class Meta:
        abstract = True


class ListingMixin(models.Model):
    """Title and summary used where the page is listed (cards, search results, feeds)."""

    listing_title = models.CharField(
        _("listing title"),
        max_length=255,
        blank=True,
        help_text=_("Replaces the page title on cards and in lists. Leave empty to use the title."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for cards and search results. Leave empty to use the search description."),
    )

    class Meta:
        abstract = True


class _EditorTabs:
    """Wagtail's tabs (content, promote, settings) plus the tabs named in ``PAGE_EDITOR_EXTRA_TABS``.

    Apps add a tab to every page type's editor by naming a function that returns it in the
    setting (``leads`` adds the page's figures), so this module never imports them. Wagtail
    reads ``edit_handler`` once per page type; a page type that sets its own keeps it.
    """

    def __get__(self, instance, owner):
        from django.conf import settings
        from django.utils.module_loading import import_string

        tabs = []
        if owner.content_panels:
            tabs.append(ObjectList(owner.content_panels, heading=_("Content")))
        if owner.promote_panels:
            tabs.append(ObjectList(owner.promote_panels, heading=_("Promote")))
        if owner.settings_panels:
            tabs.append(ObjectList(owner.settings_panels, heading=_("Settings")))
        tabs += [import_string(path)() for path in getattr(settings, "PAGE_EDITOR_EXTRA_TABS", [])]
        return TabbedInterface(tabs, base_form_class=owner.base_form_class)


class BasePage(ListingMixin, SocialImageMixin, Page):
    """Abstract base for every page type of the site."""

    edit_handler = _EditorTabs()

    #: The query parameters the page's HTML depends on (filters, pagination, a search). Only
    #: these make a new entry in the page cache; any other query string is served the page
    #: (and the fragments) stored without it (website/cache.py).
    cache_query_parameters: tuple[str, ...] = ()

    #: Foreign keys the page's own template and share tags read, loaded with the page when it
    #: is routed to (``website.routing``): one query instead of one each.
    serve_select_related: tuple[str, ...] = ("social_image",)

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_title"), FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading=_("Listings and sharing"),
        ),
    ]

    class Meta:
        abstract = True

    @property
    def card_title(self) -> str:
        return self.listing_title or self.title

    @property
    def card_summary(self) -> str:
        return self.listing_summary or self.search_description or ""

    def get_share_image(self):
        """The image for Open Graph/Twitter; subclasses with a hero image override."""
        return self.social_image

    def route(self, request, path_components):
        """Wagtail's routing, in two queries from the site's root page when nothing on the way routes otherwise."""
        if path_components and self.depth > 1:
            found = routing.descendant_route(self, request, path_components)
            if found is not None:
                return found
        if not path_components and self.depth == 2 and not hasattr(self, routing.TRAIL_ATTR):
            setattr(self, routing.TRAIL_ATTR, [self])  # a site's root page: no ancestor but the tree's root
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not hasattr(self, "_cached_parent_obj"):
                # The tree's root, which never changes: an editor's user bar asks for it.
                self._cached_parent_obj = site_wide(request, "tree_root", self.get_parent)
            if getattr(self, routing.ROOT_RESTRICTED_ATTR, None) is False and not self.alias_of_id:
                setattr(self, routing.RESTRICTED_ATTR, [])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's answer, without a query when routing found no restriction on the way (none an alias)."""
        restricted = getattr(self, routing.RESTRICTED_ATTR, None)
        if restricted is not None:
            return (
                PageViewRestriction.objects.filter(page_id__in=restricted)
                if restricted
                else PageViewRestriction.objects.none()
            )
        trail = getattr(self, routing.TRAIL_ATTR, None)
        if trail is None or self.alias_of_id or any(page.alias_of_id for page in trail):
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)

    def get_url_parts(self, request=None):
        """Wagtail's URL parts, with the public base URL as the root instead of the Site record's.

        Every full URL of a page (canonical link, share tags, structured data, the sitemap,
        the feed, links in e-mails) then starts where the site is served, whatever the
        Sites setting says (see ``website.links``).
        """
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _site_root_url, page_path = parts
        return site_id, links.public_root(), page_path


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Brand, contact details, social profiles and footer links shown site-wide."""

    # Every page shows the logo and the privacy link and shares the default image: one query.
    select_related = ["logo", "default_share_image", "privacy_page"]

    name = models.CharField(_("organisation name"), max_length=100, default="Covalis")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = image_field(_("logo"))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True, help_text=_("Street, postcode and city, one per line."))
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    default_share_image = image_field(
        _("default share image"),
        help_text=_("Used for social sharing when a page has no image of its own."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy statement"),
        help_text=_("Linked from every form and from the footer."),
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Brand")),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")], heading=_("Contact")),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social profiles"),
        ),
        FieldPanel("default_share_image"),
        FieldPanel("privacy_page"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def for_request(cls, request):
        """Wagtail's, kept between requests until settings, sites or the tree's shape change (``site_wide``)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            find = super().for_request
            instance = site_wide(request, f"settings:{cls._meta.label_lower}", lambda: find(request))
            instance._request = request  # Wagtail's: for page URLs relative to the request's site
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)

    @property
    def social_profiles(self) -> list[tuple[str, str]]:
        pairs = [
            ("LinkedIn", self.linkedin_url),
            ("X", self.x_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in pairs if url]


class PendingPagePurge(models.Model):
    """A page-cache purge that could not reach Redis; applied as a purge of everything when it answers.

    Kept in the database because Redis is what was missing (website/cache.py).
    """

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending page-cache purge")

    def __str__(self) -> str:
        return f"Page-cache purge {self.pk} ({self.created_at:%Y-%m-%d %H:%M:%S})"


class RateLimitWindow(models.Model):
    """How many requests one client made in its current window (website/ratelimit.py).

    In the database, not Redis: a count that a cache could evict, lose in a restart or not
    reach would let a flood through, and every request it counts is stored here anyway.
    """

    key = models.CharField(max_length=200, unique=True)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate-limit window")
        indexes = [models.Index(fields=["window_started_at"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
