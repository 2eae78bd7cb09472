"""Full-page cache for anonymous visitors, and its precise purge.

A page rendered by Wagtail for a visitor without a session is stored in the
``pages`` cache (Redis in production) and served from there, without touching
the database, until something it shows changes. Purging works with
generations instead of deleting keys: every stored page remembers the site-wide
generation, the generation of its URL path and that of the site chrome (the header and
footer every page shows: ``purge_site_chrome``) at the time it was rendered, and is
served only while all three are still current. Purging a path (or everything)
gives it a new random generation, so every variant of that path (query strings,
hosts, languages, compressed or not) goes stale at once, including pages that
were being rendered while the purge happened.

Every key expires (``PAGE_CACHE_TIMEOUT`` for pages, fragments and routes,
``PAGE_CACHE_GENERATION_TIMEOUT`` for generations), and nothing is written for a
request whose response is not stored: a path that answers 404 leaves no key. A
generation that expired or never existed is created only together with the page
stored under it, and only if nobody (a purge) set one meanwhile; a page can
never be served under a generation that did not exist when it was rendered.

The query string counts for the key only with the parameters some page declares
(``cache_query_parameters`` on the page class: the blog's filters and pagination,
the search): ``/artikel/?ref=nieuwsbrief`` is served the page stored for
``/artikel/``. Each path keeps at most ``PAGE_CACHE_MAX_VARIANTS`` query-string
variants per generation; more are rendered but not stored. Tracking parameters
(``utm_*``, ``gclid``...) never count; pages must not depend on undeclared ones.
Nor may a stored page contain anything personal, a CSRF token or the Wagtail user
bar: a response that sets a cookie or says ``private``/``no-store``/``no-cache``
is never stored, and visitors with a session or a pending message bypass the cache.

A miss (a new query string, a purge elsewhere on the site, an expired entry)
still need not render everything again: templates mark their costly parts with
``{% pagefragment %}`` (``website/templatetags/cache_tags.py``), which stores the
rendered HTML under the same two generations, and the route from the path to
its page is kept the same way (``route_from_cache``). Both are therefore exactly
as fresh as a whole cached page, and are only used for requests that could have
been served a cached page.

When Redis is away (``website/redis_cache.py``: the ``pages`` alias raises
``CacheUnavailable`` at once), pages are rendered from the database and not
stored, and a purge that cannot reach Redis is written to the database
(``PendingPagePurge``). Before this process serves anything from Redis again, and
from the worker's ``purge_backlog_apply`` job, such purges are applied as a
purge of everything: a Redis that comes back with old pages serves none that was
purged while it was away. A Redis that comes back empty has no generations, so
nothing stored before can match.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_request

from website import internals, jobs
from website.compression import compressed_copies, preferred_encoding
from website.links import public_url

logger = logging.getLogger(__name__)
T = TypeVar("T")

GLOBAL_GENERATION_KEY = "pagecache:generation"
#: Set on a request that may be answered from the cache: the generations its page is stored under.
REQUEST_GENERATIONS_ATTR = "page_cache_generations"
#: Set with it: the route stored for the request's path, if any (``route_from_cache``).
REQUEST_ROUTE_ATTR = "page_cache_route"
HEADERS_NOT_STORED = {"set-cookie", "x-cache", "content-length", "content-encoding"}
UNCACHEABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")


def _setting(name: str, default):
    return getattr(settings, name, default)


def page_cache():
    return caches[_setting("PAGE_CACHE_ALIAS", "default")]


def _timeout() -> int:
    return _setting("PAGE_CACHE_TIMEOUT", 3600)


def _generation_timeout() -> int:
    return _setting("PAGE_CACHE_GENERATION_TIMEOUT", 86400)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def path_generation_key(path: str) -> str:
    return f"pagecache:path:{_digest(path)}"


def _variants_key(path: str, path_generation: str) -> str:
    return f"pagecache:variants:{_digest(path + '|' + path_generation)}"


@functools.cache
def declared_query_parameters() -> frozenset[str]:
    """Every query parameter some page type declares its HTML depends on (``cache_query_parameters``)."""
    from django.apps import apps
    from wagtail.models import Page

    names: set[str] = set()
    for model in apps.get_models():
        if issubclass(model, Page):
            names.update(getattr(model, "cache_query_parameters", ()))
    return frozenset(names)


def cache_query_string(request: HttpRequest, parameters: Iterable[str] | None = None) -> str:
    """The query string as it counts for a cache key: declared parameters only, in a fixed order.

    ``parameters`` are the page's own (fragments); by default those any page declares
    (whole pages, looked up before the page is known).
    """
    allowed = declared_query_parameters() if parameters is None else frozenset(parameters)
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(sorted((key, value) for key, value in pairs if key in allowed))


def entry_key(request: HttpRequest) -> str:
    language = get_language_from_request(request, check_path=False)
    raw = "|".join([request.get_host(), request.path, cache_query_string(request), language])
    return f"pagecache:page:{_digest(raw)}"


def fragment_key(request: HttpRequest, name: str, parts: Iterable, *, query_parameters: Iterable[str]) -> str | None:
    """The cache key of a rendered fragment of this request's page; None when it must not be cached.

    Only requests that the page cache could answer have generations: a visitor with a
    session, a preview or a POST always gets a fresh render. ``query_parameters`` are the
    parameters the page's HTML depends on (none for most pages).
    """
    generations = getattr(request, REQUEST_GENERATIONS_ATTR, None)
    if generations is None:
        return None
    query_string = cache_query_string(request, query_parameters)
    raw = "|".join(
        [*generations, request.get_host(), request.path, query_string, get_language(), name, *map(str, parts)]
    )
    return f"pagecache:fragment:{_digest(raw)}"


#: Set on a request once asked: the generations the site-wide fragments of its site are stored under.
REQUEST_SITE_GENERATIONS_ATTR = "page_cache_site_generations"
#: Changes when a page the header or footer could show is published or unpublished (``purge_page``).
SITE_CHROME_GENERATION_KEY = "pagecache:sitechrome"


def _site_generations(request: HttpRequest) -> tuple[str, str] | None:
    """The site-wide and site-chrome generations, created when missing.

    Read before anything is computed under them: a purge in between sets a new one, so
    what was computed from older content is never served (the same rule as ``_store``).
    """
    page_generations = getattr(request, REQUEST_GENERATIONS_ATTR, None)
    if page_generations is not None:
        # A visitor's request: those its page is stored under, created (or not) with the page.
        global_generation, _path_generation, chrome_generation = page_generations
        return global_generation, chrome_generation
    cache = page_cache()
    keys = [GLOBAL_GENERATION_KEY, SITE_CHROME_GENERATION_KEY]
    found = cache.get_many(keys)
    if not all(found.get(name) for name in keys):
        for name in keys:
            if not found.get(name):
                cache.add(name, _new_generation(), _generation_timeout())
        found = cache.get_many(keys)  # ours, or a purge's that came first
    if not all(found.get(name) for name in keys):
        return None
    return found[GLOBAL_GENERATION_KEY], found[SITE_CHROME_GENERATION_KEY]


def _request_site_generations(request: HttpRequest) -> tuple[str, str] | None:
    """The site-wide and site-chrome generations, asked once per request; None when not to cache."""
    if not _setting("PAGE_CACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
        return None
    if getattr(request, "is_preview", False):
        return None
    if not hasattr(request, REQUEST_SITE_GENERATIONS_ATTR):
        try:
            generations = _site_generations(request)
        except Exception:  # Redis away: CacheUnavailable, logged once per outage by the backend
            generations = None
        setattr(request, REQUEST_SITE_GENERATIONS_ATTR, generations)
    return getattr(request, REQUEST_SITE_GENERATIONS_ATTR)


def site_wide(request: HttpRequest, name: str, compute: Callable[[], T], *, chrome: bool = False) -> T:
    """``compute()``, kept for every request to this host until settings, sites or the tree's shape change.

    For what only those change (the ``Site`` that serves a host, the site settings): they
    purge everything, so the value lives under the site-wide generation. With ``chrome``,
    also until a page the menu lists changes (the site chrome's generation, ``purge_page``).
    Editors get it too; a preview or a form sent back computes it afresh.
    """
    generations = _request_site_generations(request)
    if generations is None:
        return compute()
    parts = [*(generations if chrome else generations[:1]), request.get_host(), name]
    key = f"pagecache:sitewide:{_digest('|'.join(parts))}"
    try:
        value = page_cache().get(key)
    except Exception:  # Redis away: CacheUnavailable, logged once per outage by the backend
        return compute()
    if value is None:
        value = compute()
        if value is not None:
            try:
                page_cache().set(key, value, _timeout())
            except Exception:  # Redis away: computed all the same
                logger.debug("Page cache unreachable; %s not stored", name)
    return value


def site_from_cache(request: HttpRequest) -> None:
    """Give Wagtail the ``Site`` serving this request's host from the cache (``site_wide``), not a query."""
    from wagtail.models import Site

    if internals.wagtail_site_known(request):
        return
    site = site_wide(request, "site", lambda: Site.find_for_request(request))
    if site is not None:
        internals.wagtail_site_remember(request, site=site)


def site_fragment_key(request: HttpRequest, name: str, parts: Iterable) -> str | None:
    """The cache key of a fragment every page of the site shows alike (header, footer); None: render it.

    Unlike a page's fragments these serve editors too, and outlive a purge of another page:
    they are stored under the site-wide generation and the site chrome's. Settings, sites
    and the tree's shape (moves, slugs, deletions) purge everything; publishing or
    unpublishing a page the menu could list (a child of a site's root page) or one the
    footer links to purges the chrome (``purge_page``). A preview or a form sent back
    renders afresh.
    """
    generations = _request_site_generations(request)
    if generations is None:
        return None
    raw = "|".join([*generations, request.get_host(), get_language(), name, *map(str, parts)])
    return f"pagecache:sitefragment:{_digest(raw)}"


def route_key(request: HttpRequest) -> str:
    raw = "|".join([request.get_host(), request.get_port(), request.path_info])
    return f"pagecache:route:{_digest(raw)}"


def route_from_cache(request: HttpRequest) -> bool:
    """Route the request to its page from the cache: the site and page id, then one query.

    Wagtail finds a page by walking the tree a slug at a time (two queries per
    level, plus one for the site). Its answer for a path is stored with the
    page-cache generations, so it lasts as long as a cached page would; the page
    cache middleware fetches it together with the page. The page must still be
    live at the same URL path, or Wagtail routes as usual. Returns whether the
    route was found; Wagtail's serve view then uses it.
    """
    from wagtail.url_routing import RouteResult

    generations = getattr(request, REQUEST_GENERATIONS_ATTR, None)
    found = getattr(request, REQUEST_ROUTE_ATTR, None)
    if generations is None or found is None or found[0] != generations:
        return False
    _generations, site, page_model, page_id = found
    try:
        page = page_model._default_manager.get(pk=page_id)
    except page_model.DoesNotExist:
        return False
    url_path = site.root_page.url_path + "".join(f"{part}/" for part in request.path_info.split("/") if part)
    if not page.live or page.url_path != url_path:
        return False
    internals.wagtail_route_remember(request, site=site, route=RouteResult(page))
    return True


def store_route(request: HttpRequest) -> None:
    """Remember how Wagtail routed the request, when it led straight to a page (no sub-route)."""
    generations = getattr(request, REQUEST_GENERATIONS_ATTR, None)
    found = internals.wagtail_route_found(request)
    if generations is None or found is None:
        return
    site, route = found
    if route.args or route.kwargs:
        return
    try:
        page_cache().set(route_key(request), (generations, site, type(route.page), route.page.pk), _timeout())
    except Exception:  # Redis away: CacheUnavailable, logged by the backend
        logger.debug("Page cache unreachable; route not stored")


def _new_generation() -> str:
    return uuid.uuid4().hex


# Requests and responses


def request_may_use_cache(request: HttpRequest) -> bool:
    if not _setting("PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in _setting("PAGE_CACHE_EXCLUDED_PATHS", ())):
        return False
    bypass_cookies = [settings.SESSION_COOKIE_NAME, *_setting("PAGE_CACHE_BYPASS_COOKIES", ())]
    return not any(name in request.COOKIES for name in bypass_cookies)


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in UNCACHEABLE_CACHE_CONTROL):
        return False
    return not getattr(request, "is_preview", False)


def _public_cache_control() -> str:
    max_age = _setting("PAGE_CACHE_MAX_AGE", 60)
    s_maxage = _setting("PAGE_CACHE_S_MAXAGE", 300)
    return f"public, max-age={max_age}, s-maxage={s_maxage}"


def _encode_from_entry(request: HttpRequest, response: HttpResponse, entry: dict) -> HttpResponse:
    """Give ``response`` the stored copy of the page the browser accepts (brotli, gzip or plain)."""
    available = tuple(name for name in ("br", "gzip") if entry.get(name) is not None)
    encoding = preferred_encoding(request, available=available) if available else None
    content = entry[encoding] if encoding else entry["content"]
    response.content = b"" if request.method == "HEAD" else content
    response["Content-Length"] = str(len(content))
    if encoding:
        response["Content-Encoding"] = encoding
    return response


def _response_from_entry(request: HttpRequest, entry: dict) -> HttpResponse:
    response = HttpResponse(status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response = _encode_from_entry(request, response, entry)
    response["X-Cache"] = "HIT"
    return response


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests for Wagtail pages from the ``pages`` cache.

    Placed right after WhiteNoise, before the session and authentication
    middleware, so a hit costs one cache round trip and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_may_use_cache(request):
            return self.get_response(request)
        cache = page_cache()
        key = entry_key(request)
        gen_key = path_generation_key(request.path)
        route = route_key(request)
        try:
            # One round trip: the page, and for a miss the generations and the route to render it.
            found = cache.get_many([GLOBAL_GENERATION_KEY, SITE_CHROME_GENERATION_KEY, gen_key, key, route])
        except Exception:  # Redis away: CacheUnavailable, logged once per outage by the backend
            return self.get_response(request)
        entry = found.get(key)
        global_gen, path_gen = found.get(GLOBAL_GENERATION_KEY), found.get(gen_key)
        chrome_gen = found.get(SITE_CHROME_GENERATION_KEY)
        current = (global_gen, path_gen, chrome_gen)
        if entry and all(current) and entry["generations"] == current:
            return _response_from_entry(request, entry)

        # A missing generation (never set, expired, or Redis restarted) is created only when a
        # page is stored under it, and only if no purge set one in the meantime (``_store``).
        new_generations = {}
        if not global_gen:
            global_gen = new_generations[GLOBAL_GENERATION_KEY] = _new_generation()
        if not path_gen:
            path_gen = new_generations[gen_key] = _new_generation()
        if not chrome_gen:
            chrome_gen = new_generations[SITE_CHROME_GENERATION_KEY] = _new_generation()
        setattr(request, REQUEST_GENERATIONS_ATTR, (global_gen, path_gen, chrome_gen))
        setattr(request, REQUEST_ROUTE_ATTR, found.get(route))
        response = self.get_response(request)
        if not response_is_cacheable(request, response):
            if response.get("Content-Type", "").startswith("text/html") and not response.has_header("X-Cache"):
                response["X-Cache"] = "BYPASS"
            return response

        response["Cache-Control"] = _public_cache_control()
        patch_vary_headers(response, ("Accept-Encoding",))
        content = response.content
        entry = {
            "generations": (global_gen, path_gen, chrome_gen),
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in HEADERS_NOT_STORED],
            "content": content,
            **compressed_copies(content),
        }
        self._store(request, cache, key, entry, new_generations=new_generations)
        response = _encode_from_entry(request, response, entry)
        response["X-Cache"] = "MISS"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Before Wagtail serves a page (to visitors and editors alike): its site from the cache."""
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "wagtail_serve":
            site_from_cache(request)

    def _store(self, request: HttpRequest, cache, key: str, entry: dict, *, new_generations: dict) -> None:
        try:
            for gen_key, generation in new_generations.items():
                if not cache.add(gen_key, generation, _generation_timeout()):
                    return  # a purge (or another request) set it while this page was rendered
            if cache_query_string(request) and not self._variant_allowed(request, cache, entry["generations"][1]):
                return
            cache.set(key, entry, _timeout())
        except Exception:  # Redis away: CacheUnavailable, logged once per outage by the backend
            logger.debug("Page cache unreachable; page not stored")

    def _variant_allowed(self, request: HttpRequest, cache, path_generation: str) -> bool:
        """Whether one more query-string variant of this path may be stored (``PAGE_CACHE_MAX_VARIANTS``)."""
        key = _variants_key(request.path, path_generation)
        cache.add(key, 0, _timeout())
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            return False
        return count <= _setting("PAGE_CACHE_MAX_VARIANTS", 50)


# Purging


def _run_now_and_after_commit(func) -> None:
    """Purge now, and again once the transaction commits.

    Purging only now would let a visitor re-cache the old content between the
    purge and the commit; purging only after the commit would never purge when
    the caller's transaction is rolled back in tests. Twice is cheap.
    """
    func()
    if connection.in_atomic_block:
        transaction.on_commit(func)


def _purge_or_remember(write) -> None:
    """Write a purge to Redis; when Redis is away, keep it in the database until it answers again."""
    try:
        write()
    except Exception:
        logger.warning("Page cache purge could not reach Redis; it is applied when Redis answers again")
        purge_backlog_record()


def purge_backlog_record() -> None:
    """Remember a purge that did not reach Redis, and have the worker apply it as soon as Redis answers.

    Both rows commit (or roll back) with the caller's transaction, like the change that purged.
    """
    from website.models import PendingPagePurge

    PendingPagePurge.objects.create()
    jobs.enqueue("website.tasks.purge_backlog_apply")


def purge_backlog_apply(cache=None) -> bool:
    """Apply the purges that did not reach Redis, as one purge of everything; whether that worked.

    The ``pages`` cache calls this before it serves anything after an outage
    (``RECOVERY_CHECK``), the worker's job after a failed purge. Raises when Redis (or the
    database) is still away.
    """
    from website.models import PendingPagePurge

    last = PendingPagePurge.objects.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return True
    (cache or page_cache()).set(GLOBAL_GENERATION_KEY, _new_generation(), _generation_timeout())
    PendingPagePurge.objects.filter(pk__lte=last).delete()
    logger.warning("Page cache purged entirely: purges made while Redis was away are applied")
    return True


def purge_all() -> None:
    """Make every cached page stale (a setting or the site structure changed)."""

    def purge():
        _purge_or_remember(lambda: page_cache().set(GLOBAL_GENERATION_KEY, _new_generation(), _generation_timeout()))

    _run_now_and_after_commit(purge)
    logger.info("Page cache purged entirely")
    if _setting("WAGTAILFRONTENDCACHE", None) and not internals.on_commit_pending(_purge_frontend_cache_entirely):
        # Deleting a subtree calls this once per page: ask the CDN only once.
        transaction.on_commit(_purge_frontend_cache_entirely)


def _purge_frontend_cache_entirely() -> None:
    from wagtail.models import Page

    _purge_frontend_cache(sorted(paths_of_pages(Page.objects.live().values_list("url_path", flat=True))))


def purge_paths(paths: Iterable[str]) -> None:
    """Make every cached variant (query string, host, language) of these URL paths stale."""
    paths = sorted(set(paths))
    if not paths:
        return

    def purge():
        generations = {path_generation_key(path): _new_generation() for path in paths}
        _purge_or_remember(lambda: page_cache().set_many(generations, _generation_timeout()))

    _run_now_and_after_commit(purge)
    logger.info("Page cache purged %d path(s)", len(paths))
    if _setting("WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: _purge_frontend_cache(paths))


def _purge_frontend_cache(paths: list[str]) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    # The CDN caches the public addresses (``website.links``), not the Site records' hostnames.
    # Wagtail queues the CDN calls as a background job: a slow CDN never holds up the editor.
    purge_urls_from_cache([public_url(path=path) for path in paths])


def paths_of_pages(url_paths: Iterable[str]) -> set[str]:
    """The request paths of pages, given their Wagtail ``url_path``, under every site."""
    from wagtail.models import Site

    roots = [root.root_path for root in Site.get_site_root_paths()]
    paths = set()
    for url_path in url_paths:
        for root in roots:
            if url_path.startswith(root):
                paths.add("/" + url_path[len(root) :])
    return paths


def pages_showing(instance) -> set[int]:
    """Ids of the pages that show ``instance``: they reference it, directly or through a snippet.

    Uses Wagtail's reference index (foreign keys, StreamField and rich text),
    plus the many-to-many fields of page models, which the index leaves out.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    page_ids: set[int] = set(_pages_linking_by_many_to_many(instance))
    seen: set[tuple[int, str]] = set()
    targets = [instance]
    for _depth in range(2):
        next_targets = []
        for target in targets:
            rows = ReferenceIndex.get_references_to(target).values_list("base_content_type_id", "object_id")
            for content_type_id, object_id in rows.distinct():
                if content_type_id == page_type.pk:
                    page_ids.add(int(object_id))
                elif (content_type_id, object_id) not in seen:
                    seen.add((content_type_id, object_id))
                    model = ContentType.objects.get_for_id(content_type_id).model_class()
                    source = model and model._default_manager.filter(pk=object_id).first()
                    if source is not None:
                        next_targets.append(source)
                        page_ids.update(_pages_linking_by_many_to_many(source))
        targets = next_targets
    return page_ids


def _pages_linking_by_many_to_many(instance) -> set[int]:
    from django.apps import apps
    from wagtail.models import Page

    page_ids: set[int] = set()
    for model in apps.get_models():
        if not issubclass(model, Page):
            continue
        for field in model._meta.local_many_to_many:
            if isinstance(instance, field.related_model):
                through = field.remote_field.through
                source = field.m2m_field_name()
                target = field.m2m_reverse_field_name()
                page_ids.update(
                    through._default_manager.filter(**{target: instance.pk}).values_list(f"{source}_id", flat=True)
                )
    return page_ids


def purge_page(page) -> None:
    """Purge a page that was published or unpublished, and every page that shows it.

    That is the page itself (with its sub-routes), its ancestors (the home page,
    and the index pages that list it), the pages that reference it, and the
    page types listed in ``PAGE_CACHE_PURGE_WITH_ANY_PAGE`` (the site search).
    """
    from wagtail.models import Page

    own_paths = set()
    for path in paths_of_pages([page.url_path]):
        for sub in getattr(page, "get_cached_paths", lambda: ["/"])():
            own_paths.add(path.rstrip("/") + "/" + sub.lstrip("/"))
    related = pages_showing(page)
    url_paths = list(page.get_ancestors().values_list("url_path", flat=True))
    url_paths += list(Page.objects.filter(pk__in=related).values_list("url_path", flat=True))
    always = _setting("PAGE_CACHE_PURGE_WITH_ANY_PAGE", ())
    if always:
        url_paths += list(
            Page.objects.filter(content_type__in=_content_types(always)).values_list("url_path", flat=True)
        )
    purge_paths(own_paths | paths_of_pages(url_paths))
    if page.depth == MENU_DEPTH or page.pk in _pages_in_footer():
        purge_site_chrome()


#: The depth of the pages a menu lists: the children of a site's root page.
MENU_DEPTH = 3


def _pages_in_footer() -> set[int]:
    """Ids of the pages the footer links to (titles may be the links' text): the settings' own choice."""
    from website.models import OrganisationSettings

    ids: set[int] = set()
    for privacy_page_id, footer_links in OrganisationSettings.objects.values_list("privacy_page_id", "footer_links"):
        ids.add(privacy_page_id)
        for link in getattr(footer_links, "raw_data", None) or []:
            value = link.get("value") or {}
            if isinstance(value, dict) and value.get("page"):
                ids.add(value["page"])
    return ids


def purge_site_chrome() -> None:
    """Make the header and footer stale, and with them every page that shows them: a page they could show changed.

    Cached pages, their fragments and routes are stored under the chrome's generation too;
    the ``Site`` and the settings (``site_wide``) are not, and stay.
    """

    def purge():
        _purge_or_remember(
            lambda: page_cache().set(SITE_CHROME_GENERATION_KEY, _new_generation(), _generation_timeout())
        )

    _run_now_and_after_commit(purge)


def purge_pages_showing(instance) -> None:
    """Purge the pages that show a snippet, image, document or other non-page object."""
    from wagtail.models import Page

    page_ids = pages_showing(instance)
    if page_ids:
        purge_paths(paths_of_pages(Page.objects.filter(pk__in=page_ids).values_list("url_path", flat=True)))


def _content_types(labels: Iterable[str]):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = []
    for label in labels:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return list(ContentType.objects.get_for_models(*models).values())
