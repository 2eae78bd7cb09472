"""Keep image-heavy pages at a fixed number of queries."""

from django import template
from django.db.models import prefetch_related_objects

register = template.Library()


@register.simple_tag
def prefetch_block_renditions(stream_value) -> str:
    """Load the renditions of every image block in ``stream_value`` with one query.

    Without this each image block would ask the database for its own renditions.
    Renders nothing; put it before the blocks are rendered.
    """
    images = [
        block.value["image"]
        for block in stream_value
        if block.block_type == "image" and block.value.get("image") is not None
    ]
    pending = [image for image in images if "renditions" not in getattr(image, "_prefetched_objects_cache", {})]
    if pending:
        prefetch_related_objects(pending, "renditions")
    return ""


@register.filter
def alt_text(image, override: str = "") -> str:
    """The alternative text an editor wrote, else the image's title."""
    return override or (image.default_alt_text if image else "")
