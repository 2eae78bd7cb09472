"""Template tags of the funnel: the one brochure form used on every page."""

from django import template

register = template.Library()


@register.inclusion_tag("leads/components/brochure_form.html", takes_context=True)
def brochure_form(context, course, heading="", intro=""):
    """Render the brochure download form for ``course`` on the current page.

    Used by the course page template and by the brochure form StreamField block, so the
    form has one set of fields and rules wherever it appears.
    """
    return {
        "course": course,
        "heading": heading,
        "intro": intro,
        "page": context.get("page"),
        "request": context.get("request"),
    }
