"""Snippets of the leads app that editors reuse on course pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from leads.models import Testimonial


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    add_to_admin_menu = False
    list_display = ["name", "role"]
    search_fields = ["quote", "name", "role"]
