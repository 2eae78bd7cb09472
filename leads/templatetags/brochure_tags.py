"""Template tags of the funnel: the one brochure form used on every page."""

from django import template

from leads.forms import brochure_form_context

register = template.Library()


@register.inclusion_tag("leads/components/brochure_form.html", takes_context=True)
def brochure_form(context, course, heading="", intro=""):
    """Render the brochure download form for ``course`` on the current page.

    Used by the course page template and by the brochure form StreamField block, so the
    form has one set of fields and rules wherever it appears. The form holds no CSRF
    token (the page may come from a full-page cache); ``brochure_form.js`` fetches one.
    """
    if course is None:
        return {"form": None}
    course = getattr(course, "specific", course)
    page = context.get("page")
    return brochure_form_context(
        request=context.get("request"),
        course=course,
        source_page=page if page is not None and getattr(page, "pk", None) else None,
        heading=heading,
        intro=intro,
    )
