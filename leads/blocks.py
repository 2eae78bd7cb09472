"""Funnel blocks: what turns a reader into a lead, placed by marketers in any body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from website.blocks import BaseStoryBlock


class CourseCallToActionValue(blocks.StructValue):
    def label(self) -> str:
        course = self.get("course")
        text = self.get("text")
        if text:
            return text
        return _("Naar training: %(title)s") % {"title": course.title} if course else ""


class CourseCallToActionBlock(blocks.StructBlock):
    course = blocks.PageChooserBlock(label=_("Course"), page_type="leads.CoursePage")
    text = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to show “Naar training:” followed by the course title."),
    )

    class Meta:
        icon = "arrow-right"
        value_class = CourseCallToActionValue
        template = "components/blocks/course_cta_block.html"
        description = _("A prominent link to a course landing page.")


class BrochureFormBlock(blocks.StructBlock):
    course = blocks.PageChooserBlock(label=_("Course"), page_type="leads.CoursePage")
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to use the form heading set on the course page."),
    )
    intro = blocks.TextBlock(
        label=_("Intro"),
        required=False,
        max_length=500,
        help_text=_("Leave empty to use the form intro set on the course page."),
    )

    class Meta:
        icon = "download"
        template = "components/blocks/brochure_form_block.html"
        description = _("The brochure download form for a course. Every request becomes a lead for sales.")


class StoryBlock(BaseStoryBlock):
    """The shared body of articles, course pages and content pages, with funnel blocks."""

    course_cta = CourseCallToActionBlock(label=_("Course call-to-action"))
    brochure_form = BrochureFormBlock(label=_("Brochure download form"))
