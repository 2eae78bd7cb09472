"""Gate: every internal link on the demo site answers 200 (a small crawler over the live site)."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import requests

pytestmark = pytest.mark.browser

MAX_URLS = 300
# Not the public site: the admin, and documents (brochures are private, behind signed links).
SKIP_PREFIXES = ("/admin/", "/documents/", "/django-admin/")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
XML_URL = re.compile(r"<(?:loc|link)>\s*([^<\s]+)\s*</(?:loc|link)>")  # sitemap, RSS
ROBOTS_SITEMAP = re.compile(r"^Sitemap:\s*(\S+)", re.MULTILINE | re.IGNORECASE)
# Where a crawler starts: the home page, and what search engines read first.
START = ["/", "/robots.txt", "/sitemap.xml"]


class LinkParser(HTMLParser):
    """Collects what a browser would fetch or follow from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "alternate", "canonical", "manifest"} & set(rel):
                self.links.append(attrs["href"])
        elif tag in {"script", "img", "source", "iframe"}:
            if attrs.get("src"):
                self.links.append(attrs["src"])
            if attrs.get("srcset"):
                self.links += [part.strip().split()[0] for part in attrs["srcset"].split(",") if part.strip()]


def internal(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and f"{parts.scheme}://{parts.netloc}" == origin


def crawl(origin: str) -> tuple[dict[str, int], dict[str, str]]:
    """Visit every internal URL reachable from the home page; return statuses and who linked each."""
    session = requests.Session()
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {origin + path: "(start)" for path in START}
    queue = deque(origin + path for path in START)
    while queue and len(statuses) < MAX_URLS:
        url = queue.popleft()
        response = session.get(url, allow_redirects=False, timeout=20)
        statuses[url] = response.status_code
        content_type = response.headers.get("Content-Type", "")
        if response.status_code != 200:
            continue
        if "html" in content_type:
            parser = LinkParser()
            parser.feed(response.text)
            links = parser.links
        elif "css" in content_type:
            links = CSS_URL.findall(response.text)
        elif "xml" in content_type:
            links = XML_URL.findall(response.text)
        elif url.endswith("/robots.txt"):
            links = ROBOTS_SITEMAP.findall(response.text)
        else:
            continue
        for link in links:
            if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            target, _ = urldefrag(urljoin(url, link))
            if not internal(target, origin) or urlsplit(target).path.startswith(SKIP_PREFIXES):
                continue
            if target not in found_on:
                found_on[target] = url
                queue.append(target)
    return statuses, found_on


def test_every_internal_link_answers_200(live_site):
    statuses, found_on = crawl(live_site.url)
    (live_site.run_dir / "crawl.txt").write_text("".join(f"{s} {u}\n" for u, s in sorted(statuses.items())))

    broken = {url: status for url, status in statuses.items() if status != 200}
    report = "\n".join(f"  {status} {url}  (linked from {found_on[url]})" for url, status in sorted(broken.items()))
    assert not broken, f"{len(broken)} of {len(statuses)} internal URLs do not answer 200:\n{report}"
    # The crawl reached the demo content, not only the home page.
    assert len(statuses) > 5, sorted(statuses)
