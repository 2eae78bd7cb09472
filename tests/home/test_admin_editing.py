"""Marketers create and publish every page type through the Wagtail admin, as they would by hand."""

from datetime import date

from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage, BlogIndexPage
from home.models import ContentPage, HomePage, SearchPage
from leads.models import CourseIndexPage, CoursePage
from tests.home.factories import home_page


class AdminEditingTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = home_page(hero_title="Welkom")
        cls.user = get_user_model().objects.create_superuser("marketeer", "m@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def _child(self, parent, model, **fields):
        page = model(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def _created(self, model, slug):
        page = model.objects.get(slug=slug)
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)
        return page


class TestPageTypeRules(AdminEditingTestCase):
    def test_home_page_takes_the_site_sections(self):
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, CourseIndexPage, ContentPage, SearchPage})

    def test_articles_live_only_in_the_blog(self):
        self.assertAllowedParentPageTypes(ArticlePage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_courses_live_only_in_the_course_overview(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, set())

    def test_content_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertCanNotCreateAt(ContentPage, ArticlePage)


class TestCreateThroughAdmin(AdminEditingTestCase):
    def test_marketer_creates_and_publishes_a_content_page(self):
        data = nested_form_data(
            {
                "title": "Over ons",
                "slug": "over-ons",
                "intro": "Wie wij zijn.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Ons verhaal", "level": "h2"}),
                        ("paragraph", rich_text("<p>Sinds 2009 trainen wij experts.</p>")),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, ContentPage, data)
        page = self._created(ContentPage, "over-ons")
        self.assertContains(self.client.get(page.url), "Sinds 2009 trainen wij experts.")

    def test_marketer_creates_the_blog_course_overview_and_search_pages(self):
        self.assertCanCreate(self.home, BlogIndexPage, nested_form_data({"title": "Blog", "slug": "blog"}))
        self.assertCanCreate(
            self.home,
            CourseIndexPage,
            nested_form_data({"title": "Trainingen", "slug": "trainingen", "intro": rich_text("<p>Ons aanbod.</p>")}),
        )
        self.assertCanCreate(self.home, SearchPage, nested_form_data({"title": "Zoeken", "slug": "zoeken"}))
        self._created(BlogIndexPage, "blog")
        self.assertContains(self.client.get(self._created(CourseIndexPage, "trainingen").url), "Ons aanbod.")
        self._created(SearchPage, "zoeken")

    def test_marketer_creates_and_publishes_an_article(self):
        blog = self._child(self.home, BlogIndexPage, title="Blog", slug="blog")
        data = nested_form_data(
            {
                "title": "Luisteren als vak",
                "slug": "luisteren-als-vak",
                "date": "2017-10-10",
                "intro": "Waarom experts vaker moeten zwijgen.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Een luisterend oor", "level": "h2"}),
                        ("paragraph", rich_text("<p>Uw klant wil zijn verhaal kwijt.</p>")),
                        ("quote", {"text": "Wie luistert, leidt.", "attribution": ""}),
                    ]
                ),
                "tags": "luisteren",
            }
        )
        self.assertCanCreate(blog, ArticlePage, data)
        page = self._created(ArticlePage, "luisteren-als-vak")
        self.assertEqual(page.date, date(2017, 10, 10))
        response = self.client.get(page.url)
        self.assertContains(response, "10 oktober 2017")
        self.assertContains(response, "Uw klant wil zijn verhaal kwijt.")

    def test_marketer_creates_and_publishes_a_course(self):
        from tests.leads.factories import brochure_document

        index = self._child(self.home, CourseIndexPage, title="Trainingen", slug="trainingen")
        data = nested_form_data(
            {
                "title": "Onderhandelen voor inkopers",
                "slug": "onderhandelen",
                "subtitle": "Meer resultaat aan tafel",
                "intro": "Twee dagen onderhandelen met een trainingsacteur.",
                "course_format": "klassikaal",
                "duration": "2 dagen",
                "location": "Utrecht",
                "price_excl_vat": "995.00",
                "vat_rate": "21.0",
                "dates": inline_formset(
                    [
                        {
                            "start_date": "2027-02-02",
                            "end_date": "2027-02-09",
                            "location": "Utrecht",
                            "availability": "open",
                            "note": "",
                        }
                    ]
                ),
                "audience": rich_text("<p>Inkopers.</p>"),
                "learning_outcomes": streamfield([("outcome", "U bereidt een onderhandeling voor.")]),
                "body": streamfield([("paragraph", rich_text("<p>Het programma.</p>"))]),
                "testimonials": streamfield([]),
                "faq": streamfield([("item", {"question": "Voor wie?", "answer": rich_text("<p>Inkopers.</p>")})]),
                "brochure": str(brochure_document().pk),
                "form_heading": "Download de brochure",
                "form_intro": "",
                "thank_you_title": "Bedankt",
                "thank_you_text": rich_text(""),
                "mailchimp_tags": "",
                "sales_notification_emails": "",
            }
        )
        self.assertCanCreate(index, CoursePage, data)
        page = self._created(CoursePage, "onderhandelen")
        self.assertEqual(page.dates.get().start_date, date(2027, 2, 2))
        response = self.client.get(page.url)
        self.assertContains(response, "€\u00a01.203,95")
        self.assertContains(response, "U bereidt een onderhandeling voor.")
