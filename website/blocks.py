"""The generic StreamField blocks every page type builds its body from.

Funnel blocks (course call-to-action, brochure form) belong to ``leads`` and are
added there on top of ``BaseStoryBlock``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class LinkStructValue(blocks.StructValue):
    """Resolves a link to an internal page or an external URL."""

    def url(self) -> str:
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""

    def label(self) -> str:
        if self.get("text"):
            return self.get("text")
        page = self.get("page")
        return page.title if page else self.get("external_url") or ""


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), required=False, max_length=100)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    external_url = blocks.URLBlock(label=_("External URL"), required=False)

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        template = "components/blocks/link_block.html"
        description = _("A link to a page of this site or to another site.")
        preview_value = {"text": "Over Covalis", "external_url": "https://www.covalis.nl/"}

    def clean(self, value):
        errors = {}
        if not value.get("page") and not value.get("external_url"):
            errors["page"] = blocks.ErrorList([_("Choose a page or enter a URL.")])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return super().clean(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
        help_text=_("Use level 2 for sections, 3 and 4 for sub-sections."),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        description = _("A section heading.")
        preview_value = {"text": "Een luisterend oor", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        description = _("A quotation with an optional source.")
        preview_value = {"text": "Adviseren kun je leren.", "attribution": "Covalis"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty to use the image's title."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=150)

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"
        description = _("An image with caption and credit.")


class EmbedVideoBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("URL"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "components/blocks/embed_block.html"
        description = _("A video or other embedded media.")


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "components/blocks/faq_item_block.html"
        description = _("A question with its answer.")
        preview_value = {"question": "Hoe lang duurt de training?", "answer": "<p>Drie dagen.</p>"}


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


class BaseStoryBlock(blocks.StreamBlock):
    """The body of articles, course pages and content pages."""

    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/paragraph_block.html",
        description=_("Text with links and lists."),
        preview_value="<p>Wie pubers in huis heeft, herkent het vast.</p>",
    )
    quote = QuoteBlock(label=_("Quote"))
    image = ImageBlock(label=_("Image"))
    embed = EmbedVideoBlock(label=_("Video"))

    class Meta:
        template = "components/blocks/story_block.html"
