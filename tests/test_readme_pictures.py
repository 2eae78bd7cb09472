"""The README's pictures: each one it shows exists, and all of them stay small enough to commit.

They are made by ``make screenshots`` (tests/browser/test_readme_pictures.py).
"""

import re
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
PICTURES = REPO / "docs" / "screenshots"
MAX_TOTAL_BYTES = 1_000_000
# Markdown images: ![alt](path)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def readme_images() -> list[tuple[str, str]]:
    return IMAGE.findall((REPO / "README.md").read_text())


def test_every_picture_the_readme_shows_exists_and_opens():
    images = readme_images()
    assert len(images) >= 6, images
    for alt, target in images:
        path = REPO / target
        assert path.is_file(), f"README.md shows {target}, which does not exist"
        assert alt.strip(), f"{target} has no text for those who cannot see it"
        with Image.open(path) as image:
            assert image.width >= 390, (target, image.size)


def test_the_pictures_weigh_under_a_megabyte_together():
    total = sum(path.stat().st_size for path in PICTURES.iterdir() if path.is_file())
    assert 0 < total <= MAX_TOTAL_BYTES, f"docs/screenshots/ holds {total:,} bytes"


def test_no_picture_is_left_that_the_readme_does_not_show():
    shown = {(REPO / target).resolve() for _alt, target in readme_images()}
    unused = [path.name for path in PICTURES.iterdir() if path.resolve() not in shown]
    assert not unused, f"not in README.md (remove them or show them): {unused}"
