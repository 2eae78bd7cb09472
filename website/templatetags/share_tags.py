"""Share links as plain ``<a>`` elements: no third-party script, no tracking."""

from urllib.parse import quote

from django import template

register = template.Library()


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page, heading="Artikel delen?"):
    url = quote(page.get_full_url(context["request"]), safe="")
    title = quote(page.title, safe="")
    links = [
        ("LinkedIn", "linkedin", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        ("X", "x", f"https://x.com/intent/post?url={url}&text={title}"),
        ("Facebook", "facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("WhatsApp", "whatsapp", f"https://wa.me/?text={title}%20{url}"),
        ("E-mail", "email", f"mailto:?subject={title}&body={url}"),
    ]
    return {"heading": heading, "links": links, "page_title": page.title}
