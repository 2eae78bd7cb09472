from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from leads.insight import views as insight_views
from website import views
from website.measurement import BEACON_URL_NAME

# A database outage gets a friendly 503 instead of the error page (website/outage.py).
handler500 = "website.outage.server_error"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/ready/", views.health, name="health_ready"),
    path("health/live/", views.health_live, name="health_live"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("brochure/", include("leads.urls")),
    # The site's own cookieless counter (leads.insight): page views and brochure-form events.
    path("telling/", insight_views.beacon, name=BEACON_URL_NAME),
    path("mailchimp/", include("leads.webhook_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images from local disk; production normally uses a bucket or the proxy instead.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [
    # Wagtail's own URLs (password-protected pages, front-end login), its page view behind the route cache.
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, views.serve_page, name="wagtail_serve"),
]
