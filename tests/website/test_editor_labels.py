"""What editors read in the admin: block labels capitalised like Wagtail's own, help texts as sentences."""

import pytest
from django.apps import apps
from django.utils import translation
from wagtail.blocks import StreamBlock, StructBlock
from wagtail.fields import StreamField

OUR_APPS = ("home", "blog", "leads", "website")


def stream_fields():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in model._meta.get_fields():
                if isinstance(field, StreamField):
                    yield f"{model.__name__}.{field.name}", field.stream_block


def child_blocks(block, path):
    children = getattr(block, "child_blocks", {}) if isinstance(block, StreamBlock | StructBlock) else {}
    for name, child in children.items():
        yield f"{path}.{name}", child
        yield from child_blocks(child, f"{path}.{name}")


def all_blocks():
    return [(path, block) for field, stream in stream_fields() for path, block in child_blocks(stream, field)]


def test_every_block_label_is_capitalised():
    with translation.override("en"):
        lowercase = [f"{path}: {block.label!r}" for path, block in all_blocks() if not str(block.label)[:1].isupper()]
    assert not lowercase, "\n".join(lowercase)


def help_texts():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in model._meta.get_fields():
                declared_here = getattr(field, "model", None) is model  # not Wagtail's own Page fields
                if declared_here and getattr(field, "help_text", ""):
                    yield f"{model.__name__}.{field.name}", field.help_text
    for path, block in all_blocks():
        if getattr(block.meta, "help_text", ""):
            yield path, block.meta.help_text


@pytest.mark.parametrize(("where", "text"), list(help_texts()))
def test_help_text_reads_as_a_sentence(where, text):
    with translation.override("en"):
        text = str(text)
    # Wagtail shows help text as HTML: "<course title>" would vanish from the sentence.
    assert "<" not in text and ">" not in text, where
    assert text[:1].isupper() and text.rstrip().endswith((".", "?", ")")), f"{where}: {text!r}"
