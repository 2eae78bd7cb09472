"""The demo article reproduces the published seed text word for word.

``fixtures/ouderlijk_advies.txt`` is the published article as it was handed to us (author,
credit, date, title, the text, the call-to-action): kept with the tests, apart from the
loader's own copy in ``home/demo_article.py``, so that the two are compared on every clone.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils.html import strip_tags

from blog.models import ArticlePage

SEED = Path(__file__).resolve().parent / "fixtures" / "ouderlijk_advies.txt"


def _seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]


def _seed_body() -> list[str]:
    """The text between the title and the call-to-action: paragraphs and section headings."""
    lines = _seed_lines()
    return lines[4 : lines.index("Artikel delen?") - 1]


@pytest.fixture
def article(demo_site):
    return ArticlePage.objects.get(slug="ouderlijk-advies")


def _body_texts(article) -> list[tuple[str, str]]:
    texts = []
    for block in article.body:
        if block.block_type == "heading":
            texts.append(("heading", block.value["text"]))
        elif block.block_type == "paragraph":
            texts.append(("paragraph", strip_tags(block.value.source)))
    return texts


def test_demo_article_body_is_the_seed_text_exactly(article):
    assert [text for _kind, text in _body_texts(article)] == _seed_body()


def test_demo_article_section_headings_are_heading_blocks(article):
    # In the seed the headings are the short lines between the paragraphs.
    seed_headings = [line for line in _seed_body() if len(line) < 80]
    assert [text for kind, text in _body_texts(article) if kind == "heading"] == seed_headings
    assert "Een luisterend door" in seed_headings


def test_demo_article_opens_with_a_paragraph_before_any_heading(article):
    assert article.body[0].block_type == "paragraph"


def test_demo_article_has_title_date_credit_and_author_of_the_seed(article):
    author, credit, shown_date, title = _seed_lines()[:4]
    assert (article.title, article.hero_credit, article.author.name) == (title, credit, author)
    assert article.date.isoformat() == "2017-10-10"
    assert shown_date == "10 oktober 2017"


def test_demo_article_ends_with_course_cta_then_brochure_form(article):
    cta_line = _seed_lines()[-2]
    kinds = [block.block_type for block in article.body]
    assert kinds[-2:] == ["course_cta", "brochure_form"]
    cta = article.body[-2].value
    assert cta.label() == cta_line
    assert cta["course"].url == "/trainingen/adviesvaardigheden-voor-experts/"
    assert article.body[-1].value["course"].pk == cta["course"].pk


def test_demo_article_page_shows_every_seed_line_in_order(client, article):
    html = client.get("/blog/ouderlijk-advies/").content.decode()
    main_text = BeautifulSoup(html, "html.parser").find("main").get_text()
    assert "10 oktober 2017" in main_text and "Foto Ouders" in main_text
    position = main_text.find("Ouderlijk advies")
    for line in _seed_lines()[4:]:
        found = main_text.find(line, position)
        assert found >= 0, line
        position = found + len(line)
