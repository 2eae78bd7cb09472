"""Settings shared by every environment.

Anything secret or host-specific is read from the environment here or in
``production.py``; ``dev.py`` and ``test.py`` may hold throwaway values.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "website"


def env_list(name: str, default: str = "") -> list[str]:
    """Split a comma-separated environment variable into a clean list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_addresses(name: str) -> list[tuple[str, str]]:
    """``"Name <a@b>, c@d"`` as Django's ``ADMINS`` wants it: ``[("Name", "a@b"), ("", "c@d")]``.

    An entry that is no address stops the process: error reports that silently go nowhere
    are what this setting is meant to prevent.
    """
    raw = os.environ.get(name, "")
    addresses = [(person, address) for person, address in getaddresses([raw]) if person or address]
    for person, address in addresses:
        if "@" not in address or " " in address:
            raise ImproperlyConfigured(f"{name}: {person or address!r} is not an e-mail address.")
    return addresses


def public_base_url_problem(url: str, *, allowed_hosts: list[str], https_only: bool) -> str:
    """Why ``url`` cannot be the site's public base URL, or ``""``.

    Every absolute link in e-mails and notifications starts with it, so it must be an
    absolute ``http(s)`` URL without a path, for a host the site answers to (and HTTPS
    when the site redirects to HTTPS: links in e-mails carry signed tokens).
    """
    from urllib.parse import urlsplit

    from django.http.request import split_domain_port, validate_host

    if not url:
        return "is not set"
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"must be an absolute http(s) URL, such as https://www.covalis.nl, not {url!r}"
    if parts.path.strip("/") or parts.query or parts.fragment:
        return f"must be the site's root, without a path, query or fragment: {url!r}"
    if https_only and parts.scheme != "https":
        return f"must start with https:// while SECURE_SSL_REDIRECT is on: {url!r}"
    host, _port = split_domain_port(parts.netloc)
    if not validate_host(host, allowed_hosts):
        return f"names host {host!r}, which is not in ALLOWED_HOSTS"
    return ""


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "home",
    "blog",
    "leads",
    "website",
    "wagtail_marketing",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The page counter's beacons (leads.insight), answered before anything they do not need.
    "leads.insight.middleware.BeaconMiddleware",
    # Above the page cache, so pages served from cache carry the policy too.
    "website.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Brotli/gzip for HTML the page cache did not encode itself (website/compression.py).
    "website.compression.CompressionMiddleware",
    # Before sessions and auth: a page served from cache does no database query.
    "website.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by django-axes into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# SQLite is the embedded default; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A reused connection is tested before each request: after a database restart or
        # failover the next request opens a new one instead of failing (website/outage.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer costs a request this many seconds, not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task worker and the web process share the file: wait for locks
    # instead of failing, and let writers start their transaction at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; REDIS_URL switches to Redis (shared by all processes). Redis is never
# a condition for a page or a brochure request (website/redis_cache.py): each alias says what an
# outage means for it. README "Running in production" → "When a dependency fails".
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds Redis may take to connect or answer, and to wait after a failure before trying again.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "2"))


def redis_cache(url: str, *, prefix: str, timeout: int | None, on_failure: str, **options) -> dict:
    """One cache alias on Redis through the resilient backend (see website/redis_cache.py)."""
    return {
        "BACKEND": "website.redis_cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "ON_FAILURE": on_failure,
            "RETRY_AFTER": REDIS_RETRY_SECONDS,
            **options,
        },
    }


def redis_caches(url: str) -> dict:
    """The cache aliases on Redis, and what an outage means for each."""
    return {
        # Django's and Wagtail's own caching (site root paths ...): a miss while Redis is away.
        "default": redis_cache(url, prefix="", timeout=600, on_failure="degrade"),
        # Full-page cache, fragments and routes: website/cache.py handles an outage itself, and
        # applies the purges it could not make before serving from Redis again.
        "pages": redis_cache(
            url, prefix="pages", timeout=3600, on_failure="raise", RECOVERY_CHECK="website.cache.purge_backlog_apply"
        ),
        # Wagtail looks image renditions up here before asking the database.
        "renditions": redis_cache(url, prefix="renditions", timeout=86400, on_failure="degrade"),
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "website",
            "TIMEOUT": 600,
        },
        # Per process: a purge reaches only this process, so without Redis run one web process.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "website-pages",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "website-renditions",
            "TIMEOUT": 86400,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Full-page cache for anonymous visitors (website/cache.py; README "Running in production").
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
# Generations (what a purge renews) expire too; an expired one only makes pages miss once.
PAGE_CACHE_GENERATION_TIMEOUT = 86400
# Query-string variants (of declared parameters) stored per path until its next purge.
PAGE_CACHE_MAX_VARIANTS = int(os.environ.get("PAGE_CACHE_MAX_VARIANTS", "50"))
# Browsers keep a page a minute; a CDN (purged by WAGTAILFRONTENDCACHE when configured) longer.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "300"))
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/brochure/", "/django-admin/", "/documents/", "/health/"]
# Visitors with one of these cookies (besides the session cookie) always get a fresh page.
PAGE_CACHE_BYPASS_COOKIES = ["messages"]
# Left out of the cache key besides every utm_* parameter: pages must not depend on them.
PAGE_CACHE_IGNORED_QUERY_PARAMS = ["gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"]
# Pages purged whenever any page is published or unpublished (they list every page).
PAGE_CACHE_PURGE_WITH_ANY_PAGE = ["home.SearchPage"]

# Never compressed by the site (BREACH: pages with personal data that reflect input; website/compression.py).
COMPRESSION_EXCLUDED_PATHS = ["/admin/", "/django-admin/"]

# A CDN in front is purged together with the page cache when one of these is set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
if os.environ.get("FRONTEND_CACHE_HTTP_PURGE_URL"):
    # Varnish, nginx or any proxy that accepts PURGE requests.
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_HTTP_PURGE_URL"],
    }

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "website.security.client_ip"
# Proxies in front of the site that append to X-Forwarded-For (production: 1), believed
# only for requests from TRUSTED_PROXIES: the addresses or networks (or "*") in
# FORWARDED_ALLOW_IPS, the variable gunicorn reads to believe X-Forwarded-Proto.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No usernames or addresses in the logs; the attempts are listed in the database.
AXES_VERBOSE = False

# Error reports (mails to ADMINS, the debug page) carry no form values or local variables.
DEFAULT_EXCEPTION_REPORTER_FILTER = "website.security.PersonalDataExceptionReporterFilter"

# Content-Security-Policy (django-csp 4): nothing but our own origin on public pages.
# No inline script or style; JSON-LD is data, not script, and is not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
WAGTAIL_ADMIN_PATH = "/admin/"
# The Wagtail admin on top of that (see website/security.py): what it needs, checked in Chromium.
# Each directive listed here replaces the public one under /admin/.
CONTENT_SECURITY_POLICY_ADMIN = {
    # Wagtail's own widgets (choosers, date pickers) initialise with inline <script> whose
    # content varies per field, so neither hashes nor (unsupported) nonces can cover them.
    "script-src": ["'self'", "'unsafe-inline'"],
    # Page previews frame the admin's own preview URL.
    "frame-ancestors": ["'self'"],
}
# A page rendered for the admin's preview panel: the public policy, framed by the admin.
CONTENT_SECURITY_POLICY_PREVIEW = {"frame-ancestors": ["'self'"]}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Visitors get Dutch; the admin follows each user's own language preference.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("nl", _("Dutch"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents (the course brochures among them) live outside MEDIA_ROOT, where no media route or
# proxy serves them; visitors get them only through views that check (website/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Let Django serve MEDIA_ROOT (single-machine set-ups and the benchmark); off: a bucket or the proxy does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "website.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

WAGTAIL_SITE_NAME = "Covalis"
# The one public base URL of every absolute link (brochure and sales e-mails, Wagtail's own
# notifications): website.links.public_url. Required in production; in development it is
# what `make run` serves (bin/run exports it for the web process and the worker).
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL", "").strip() or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "webp": "webp"}
# Chosen on purpose: every document link goes through Wagtail's view, which checks collection
# restrictions and our before_serve_document hook (brochures only through signed links), and
# streams the file itself; "direct" or "redirect" would hand out the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin loads nothing from third parties.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_CASE_INSENSITIVE = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: one queue in the database, so a lead and its jobs commit together.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Covalis <info@covalis.nl>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Mailchimp switches on when its key is present.
MAILCHIMP_API_KEY = os.environ.get("MAILCHIMP_API_KEY", "")
MAILCHIMP_API_URL = os.environ.get("MAILCHIMP_API_URL", "")
MAILCHIMP_AUDIENCE_ID = os.environ.get("MAILCHIMP_AUDIENCE_ID", "")
MAILCHIMP_WEBHOOK_SECRET = os.environ.get("MAILCHIMP_WEBHOOK_SECRET", "")
MAILCHIMP_TIMEOUT = float(os.environ.get("MAILCHIMP_TIMEOUT", "10"))

# Brochure links stay valid this long (days).
BROCHURE_LINK_MAX_AGE_DAYS = int(os.environ.get("BROCHURE_LINK_MAX_AGE_DAYS", "30"))
# The brochure form's abuse guards (leads/services.py, "Abuse"): minimum fill-in time (one
# signal among several), how long a form-start token is good for (longer than a page stays
# in the page cache), requests per IP per window, body size.
BROCHURE_MIN_FILL_SECONDS = int(os.environ.get("BROCHURE_MIN_FILL_SECONDS", "3"))
BROCHURE_FORM_MAX_AGE_HOURS = int(os.environ.get("BROCHURE_FORM_MAX_AGE_HOURS", "12"))
BROCHURE_RATE_LIMIT = int(os.environ.get("BROCHURE_RATE_LIMIT", "5"))
BROCHURE_RATE_WINDOW_SECONDS = int(os.environ.get("BROCHURE_RATE_WINDOW_SECONDS", "600"))
BROCHURE_MAX_REQUEST_BYTES = 10 * 1024

# Cookieless page and form counts (leads.insight; README "Measuring visits"). Counters wait in
# Redis (this process's memory without it) until the insight_counts_move job adds them to
# the daily totals in the database.
INSIGHT_REDIS_URL = os.environ.get("INSIGHT_REDIS_URL", REDIS_URL)
INSIGHT_KEY_PREFIX = os.environ.get("INSIGHT_KEY_PREFIX", "insight")
INSIGHT_MAX_BEACON_BYTES = 2048
# Beacons one address may send per window before the rest are refused (429): enough for an
# office of readers behind one address, not for a script.
INSIGHT_FLOOD_LIMIT = int(os.environ.get("INSIGHT_FLOOD_LIMIT", "300"))
INSIGHT_FLOOD_WINDOW_SECONDS = 60

# Tabs added to every page type's editor (dotted paths of functions returning a panel).
PAGE_EDITOR_EXTRA_TABS = ["leads.admin.insight_panel.figures_tab"]

# Periodic jobs (README "Periodic jobs"): `manage.py run_scheduler` enqueues each task on its
# schedule (cron syntax, Europe/Amsterdam time); the task workers run them. Each job is safe
# to run twice at once; the scheduler enqueues one only while none of the same task waits or runs.
PERIODIC_TASKS = [
    # Page and form counts from Redis into the daily totals (a lost Redis loses at most this window).
    {"name": "insight_counts_move", "task": "leads.tasks.insight_counts_move", "cron": "*/5 * * * *"},
    # Pending and failed leads queued for Mailchimp again; leads past the retention period erased.
    {"name": "mailchimp_sync", "task": "leads.tasks.leads_requeue_mailchimp", "cron": "7 * * * *"},
    {"name": "purge_leads", "task": "leads.tasks.leads_purge", "cron": "30 3 * * *"},
    # Lead owners: a reminder when a lead becomes overdue (and any reminder still unsent),
    # and each working morning one digest (the job skips Dutch public holidays itself).
    {"name": "lead_reminders", "task": "leads.tasks.lead_reminders_run", "cron": "*/5 * * * *"},
    {"name": "lead_follow_up_digest", "task": "leads.tasks.follow_up_digest_run", "cron": "30 8 * * 1-5"},
]
# A job still marked running after this many seconds (or its own interval, when shorter) is
# taken for dead: its worker was killed.
PERIODIC_TASK_STALE_SECONDS = 3600

# `load_demo_content --history` writes made-up leads: only where a settings module says so
# (development and tests), never in production.
DEMO_HISTORY_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Django's request warnings print paths: no webhook secret or signed token in them.
    "filters": {"redact_secrets": {"()": "website.log_redaction.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
    },
}
