"""Course landing pages: where a reader becomes a lead."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from leads.blocks import StoryBlock
from leads.models.permissions import SALES_ROUTING_PERMISSION, SalesRoutingAuditMixin
from leads.models.settings import sales_members
from website.blocks import FaqItemBlock
from website.models import BasePage, image_field, outside_private_sections
from website.templatetags.course_tags import upcoming_dates


class Testimonial(index.Indexed, models.Model):
    """A quote from a former participant, reusable on several course pages."""

    quote = models.TextField(_("quote"), max_length=1000)
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role and organisation"), max_length=150, blank=True)

    panels = [FieldPanel("quote"), FieldPanel("name"), FieldPanel("role")]
    search_fields = [index.SearchField("quote"), index.SearchField("name")]

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return f"{self.name}: {self.quote[:40]}"


class CoursePageQuerySet(PageQuerySet):
    def for_cards(self) -> "CoursePageQuerySet":
        """What a course card shows, for any number of cards in a fixed number of queries.

        The image and its renditions, and the upcoming dates (read by ``upcoming_dates``).
        """
        upcoming = CourseDate.objects.filter(start_date__gte=timezone.localdate()).order_by("start_date", "sort_order")
        return self.select_related("hero_image").prefetch_related(
            "hero_image__renditions", Prefetch("dates", queryset=upcoming, to_attr="_upcoming_dates")
        )


class CoursePageForm(WagtailAdminPageForm):
    """The course editor: a draft may lack a brochure, a published course may not.

    Wagtail defers the fields it marks ``required`` when a draft is saved (the brochure's
    panel is deferred because the column may be empty); publishing and submitting for
    moderation check them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "brochure" in self.fields:
            self.fields["brochure"].required = True
            self.fields["brochure"].error_messages["required"] = _(
                "Choose a brochure before publishing: the form on this page promises visitors "
                "the brochure at once and by e-mail."
            )


class CourseIndexPage(BasePage):
    """The overview of all courses at /trainingen/, filterable by format and location.

    The filters are plain links (``?vorm=online&locatie=utrecht``), so they work without
    JavaScript and every filtered overview is a page of its own in the page cache.
    """

    cache_query_parameters = ("vorm", "locatie")

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    # Where it may live is decided by the parent (HomePage.subpage_types), so that
    # leads never names the home app.
    subpage_types = ["leads.CoursePage"]
    max_count = 1
    template = "pages/course_index_page.html"

    class Meta:
        verbose_name = _("course overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: a page-cache miss may not need the list at all.
        context["course_filter"] = SimpleLazyObject(
            lambda: CourseFilter(
                courses=list(
                    CoursePage.objects.child_of(self)
                    .live()
                    .filter(outside_private_sections())
                    .for_cards()
                    .order_by("title")
                ),
                format_value=request.GET.get("vorm", ""),
                location_value=request.GET.get("locatie", ""),
            )
        )
        return context


class CourseFilter:
    """The course overview's filters: every course loaded once, filtered in Python.

    A value that is not one of the offered options counts as no filter, so a made-up
    parameter shows the whole overview instead of an error or an empty page.
    """

    def __init__(self, *, courses: list["CoursePage"], format_value: str, location_value: str) -> None:
        self.all_courses = courses
        present = {course.course_format for course in courses}
        self.formats = [value for value in CoursePage.Format.values if value in present]
        locations: dict[str, str] = {}
        for course in courses:
            for name in course.location_names:
                locations.setdefault(slugify(name), name)
        self.locations = sorted(locations.items(), key=lambda item: item[1])
        self.active_format = format_value if format_value in self.formats else ""
        self.active_location = location_value if location_value in locations else ""
        self.courses = [
            course
            for course in courses
            if (not self.active_format or course.course_format == self.active_format)
            and (not self.active_location or self.active_location in map(slugify, course.location_names))
        ]
        if self.active_location:
            # A visitor looking for Utrecht wants the next start in Utrecht on the card.
            for course in self.courses:
                course.card_start = course.next_open_date_at(self.active_location)

    @property
    def is_active(self) -> bool:
        return bool(self.active_format or self.active_location)

    def query(self, *, vorm: str | None = None, locatie: str | None = None) -> str:
        """The query string for these filters; ``None`` keeps the active value, ``""`` drops it."""
        params = {
            "vorm": self.active_format if vorm is None else vorm,
            "locatie": self.active_location if locatie is None else locatie,
        }
        pairs = [f"{key}={value}" for key, value in params.items() if value]
        return "?" + "&".join(pairs) if pairs else ""

    def format_links(self) -> list[tuple[str, str, str, bool]]:
        """(value, label, query string, active) for "all formats" (value and label "") and each format."""
        links = [("", "", self.query(vorm=""), not self.active_format)]
        for value in self.formats:
            label = CoursePage.visitor_format_label(value)
            links.append((value, label, self.query(vorm=value), value == self.active_format))
        return links

    def location_links(self) -> list[tuple[str, str, str, bool]]:
        """(slug, name, query string, active) for "all locations" (slug "") and each location."""
        return [
            (slug, name, self.query(locatie=slug), slug == self.active_location)
            for slug, name in [("", ""), *self.locations]
        ]


class CoursePage(SalesRoutingAuditMixin, BasePage):
    """The landing page of one course, with its brochure download form."""

    class Format(models.TextChoices):
        """The course formats, labelled for the editor (English msgids, as the whole admin)."""

        CLASSROOM = "klassikaal", _("Classroom")
        ONLINE = "online", _("Online")
        BLENDED = "hybride", _("Blended")
        IN_COMPANY = "incompany", _("In-company")

    # Per format, what the visitor reads on the page (Dutch msgids, as the whole site) and
    # schema.org's courseMode for search engines: next to the choices, so that a new format
    # cannot be added without them.
    FORMAT_FOR_VISITORS = {
        Format.CLASSROOM: (_("Klassikaal"), "Onsite"),
        Format.ONLINE: (_("Online"), "Online"),
        Format.BLENDED: (_("Hybride: klassikaal en online"), "Blended"),
        Format.IN_COMPANY: (_("In-company"), "Onsite"),
    }

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    intro = models.TextField(
        _("intro"), max_length=600, help_text=_("The promise of the course in two or three sentences.")
    )
    hero_image = image_field(_("hero image"))
    audience = RichTextField(
        _("audience"), blank=True, features=["bold", "italic", "link", "ul"], help_text=_("Who the course is for.")
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=pgettext_lazy("learning outcome", "Outcome"), max_length=250))],
        blank=True,
        verbose_name=_("learning outcomes"),
        help_text=_('What participants can do afterwards, one per line ("U leert ...").'),
    )
    course_format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.CLASSROOM)
    duration = models.CharField(_("duration"), max_length=100, blank=True, help_text=_('For example "3 dagen".'))
    location = models.CharField(_("location"), max_length=150, blank=True)
    price_excl_vat = models.DecimalField(
        _("price excl. VAT"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In euros, per participant. Leave empty when the price is on request."),
    )
    vat_rate = models.DecimalField(
        _("VAT rate"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("21.0"),
        help_text=_("A percentage: 21, or 0 for a course without VAT."),
    )
    body = StreamField(StoryBlock(), blank=True, verbose_name=_("body"))
    testimonials = StreamField(
        [("testimonial", SnippetChooserBlock("leads.Testimonial", label=_("Testimonial")))],
        blank=True,
        verbose_name=_("testimonials"),
    )
    faq = StreamField([("item", FaqItemBlock())], blank=True, verbose_name=_("frequently asked questions"))

    brochure = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("brochure"),
        help_text=_(
            "The PDF visitors receive. Needed to publish: the form promises it at once and by e-mail. "
            "Whatever collection it is in, visitors only get it through the form's signed links; "
            "its public document link is switched off."
        ),
    )
    form_heading = models.CharField(_("form heading"), max_length=150, default="Download de brochure")
    form_intro = models.TextField(_("form intro"), max_length=500, blank=True)
    thank_you_title = models.CharField(_("thank-you title"), max_length=150, default="Bedankt! Uw brochure staat klaar")
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Shown above the download button after a request. The page itself says whether and when the "
            "link is e-mailed (not for a request held for a check): do not promise the e-mail here."
        ),
    )

    mailchimp_tags = models.CharField(
        _("Mailchimp tags"),
        max_length=255,
        blank=True,
        help_text=_("Comma-separated tags given to consenting leads in Mailchimp. Leave empty to use the page slug."),
    )
    mailchimp_journey_id = models.PositiveIntegerField(
        _("Customer Journey id"),
        null=True,
        blank=True,
        help_text=_("Optional. New consenting leads for this course enter this journey."),
    )
    mailchimp_journey_step_id = models.PositiveIntegerField(
        _("Customer Journey step id"), null=True, blank=True, help_text=_("The trigger step of that journey.")
    )
    sales_notification_emails = models.CharField(
        _("notify sales"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated addresses told about each new lead for this course. Empty: the site-wide address."
        ),
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=sales_members,
        verbose_name=_("sales owner"),
        help_text=_("Gets every new lead for this course. Empty, or away: the next person in the rotation."),
    )

    sales_routing_field = "sales_notification_emails"

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("course_format"), FieldPanel("duration")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("price_excl_vat"), FieldPanel("vat_rate")]),
            ],
            heading=_("Practical details"),
        ),
        InlinePanel("dates", heading=_("Upcoming dates"), label=_("Date")),
        FieldPanel("audience"),
        FieldPanel("learning_outcomes"),
        FieldPanel("body"),
        FieldPanel("testimonials"),
        FieldPanel("faq"),
        MultiFieldPanel(
            [
                FieldPanel("brochure"),
                FieldPanel("form_heading"),
                FieldPanel("form_intro"),
                FieldPanel("thank_you_title"),
                FieldPanel("thank_you_text"),
            ],
            heading=_("Brochure and form"),
        ),
    ]
    settings_panels = [
        *BasePage.settings_panels,
        MultiFieldPanel(
            [
                FieldPanel("mailchimp_tags"),
                FieldRowPanel([FieldPanel("mailchimp_journey_id"), FieldPanel("mailchimp_journey_step_id")]),
                # Who gets this course's leads, and who hears of them: sales decisions (issue 13.2).
                FieldPanel("sales_owner", permission=SALES_ROUTING_PERMISSION),
                FieldPanel("sales_notification_emails", permission=SALES_ROUTING_PERMISSION),
            ],
            heading=_("Leads"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("intro"),
        index.SearchField("audience"),
        index.SearchField("body"),
    ]

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    parent_page_types = ["leads.CourseIndexPage"]
    subpage_types: list[str] = []
    template = "pages/course_page.html"
    base_form_class = CoursePageForm
    serve_select_related = ("social_image", "hero_image")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def course_format_label(self) -> str:
        """The format as the visitor reads it on the course page."""
        return self.visitor_format_label(self.course_format)

    @classmethod
    def visitor_format_label(cls, value: str) -> str:
        """What the visitor reads for a format value (on cards and in the overview's filters too)."""
        label, _mode = cls.FORMAT_FOR_VISITORS.get(value, (value, ""))
        return str(label)

    @property
    def course_mode(self) -> str:
        """schema.org's ``courseMode`` of the format: Onsite, Online or Blended."""
        _label, mode = self.FORMAT_FOR_VISITORS.get(self.course_format, ("", "Onsite"))
        return mode

    @classmethod
    def find_public(cls, course_id: int) -> "CoursePage | None":
        """The live course with this id, unless it lies in a private section.

        What ``live().public()`` finds, with less work: every brochure form post asks.
        ``public()`` loads every view restriction of the site with its page; Wagtail's
        own ``get_view_restrictions`` looks only at the course and its ancestors.
        """
        course = cls.objects.live().select_related("brochure").filter(pk=course_id).first()
        if course is None or course.get_view_restrictions().exists():
            return None
        return course

    @property
    def price_incl_vat(self) -> Decimal | None:
        if self.price_excl_vat is None:
            return None
        total = self.price_excl_vat * (1 + self.vat_rate / 100)
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def next_open_date(self) -> "CourseDate | None":
        """The first upcoming date that still has places: what a course card shows."""
        return self.next_open_date_at("")

    def next_open_date_at(self, location_slug: str) -> "CourseDate | None":
        """The first upcoming date with places, at the location with this slug (any, when empty)."""
        return next(
            (
                date
                for date in upcoming_dates(self)
                if date.availability != CourseDate.Availability.FULL
                and (not location_slug or slugify(date.location or self.location) == location_slug)
            ),
            None,
        )

    @property
    def location_names(self) -> list[str]:
        """Where the course runs: its own location and those of its upcoming dates."""
        names = [self.location, *(date.location for date in upcoming_dates(self))]
        return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))

    @property
    def tag_list(self) -> list[str]:
        """The Mailchimp tags for this course; the slug when none are set."""
        tags = [tag.strip() for tag in self.mailchimp_tags.split(",") if tag.strip()]
        return tags or [self.slug]

    def get_share_image(self):
        return self.social_image or self.hero_image


class CourseDate(Orderable):
    """One scheduled run of a course."""

    class Availability(models.TextChoices):
        """Whether a date still has places, labelled for the editor (English msgids)."""

        OPEN = "open", _("Places available")
        ALMOST_FULL = "almost_full", _("Almost full")
        FULL = "full", _("Full")

    # What the visitor reads next to a date (Dutch msgids, as the whole site); nothing when open.
    AVAILABILITY_FOR_VISITORS = {Availability.ALMOST_FULL: _("Bijna vol"), Availability.FULL: _("Vol")}

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="dates")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.OPEN,
        help_text=_("A full date stays listed, marked as full; course cards then show the next date instead."),
    )
    note = models.CharField(_("note"), max_length=150, blank=True, help_text=_('For example "Nog 3 plaatsen".'))

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("availability")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("course date")

    @property
    def availability_label(self) -> str:
        """The visitor's word for this date's availability ("Bijna vol", "Vol"); empty when open."""
        return str(self.AVAILABILITY_FOR_VISITORS.get(self.availability, ""))
