"""Public views of the brochure funnel: submit, thank-you, signed download, form token.

The submit view is exempt from Django's CSRF middleware and checks itself: a post the
browser says came from our own page (Sec-Fetch-Site, Origin) passes without a token, so a
cached page works without JavaScript; otherwise Django's token check runs, and a failure
shows the form again with every typed value instead of a bare 403 page.
"""

import functools
import ipaddress
import logging
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe

from leads import services
from leads.forms import FORM_EXPIRED, BrochureForm, brochure_form_context, page_id_from_form
from leads.models import BrochureRequest, CoursePage
from website import internals
from website.outage import DATABASE_UNAVAILABLE
from website.security import client_ip

logger = logging.getLogger(__name__)


def _browser_says_same_origin(request: HttpRequest) -> bool:
    """Whether the browser itself says this request comes from one of our pages.

    ``Sec-Fetch-Site: same-origin`` or an ``Origin`` of this site: headers no page can set.
    Such a browser needs no CSRF token, so it is never given one: the token's cookie would be
    the only thing the site stores on a visitor's device.
    """
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin != "null" and internals.csrf_origin_verified(request)


def _csrf_token_if_needed(request: HttpRequest) -> str:
    """A CSRF token (and its cookie) only for a browser that does not say where it posts from."""
    return "" if _browser_says_same_origin(request) else get_token(request)


def _csrf_failure_reason(request: HttpRequest) -> str | None:
    """``None`` when the browser posted from one of our pages or the token is good, else why not.

    A page from the full-page cache holds no token, so without JavaScript the browser's own
    word decides (``_browser_says_same_origin``). Browsers that send neither header need
    Django's token check.
    """
    if _browser_says_same_origin(request):
        return None
    return internals.csrf_failure_reason(request)


def _client_ip(request: HttpRequest) -> str | None:
    """The visitor's address (behind our proxies, see ``website.security``), if it is one."""
    value = client_ip(request) or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _course_from_post(request: HttpRequest) -> CoursePage | None:
    course_id = page_id_from_form(request.POST.get("course", ""))
    return CoursePage.find_public(course_id) if course_id is not None else None


def _problem(request: HttpRequest, *, status: int, message: str) -> HttpResponse:
    """A short Dutch explanation, as JSON for the script or as a page."""
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message, "errors": {}}, status=status)
    back_url = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back_url, allowed_hosts={request.get_host()}):
        back_url = "/"
    context = {"message": message, "back_url": back_url}
    return _noindex(render(request, "leads/problem_page.html", context, status=status))


def _page_referer(request: HttpRequest) -> str:
    """The Referer when it is the page the form was on (not this view showing the form again)."""
    referer = request.headers.get("Referer", "")[:500]
    if urlsplit(referer).path.startswith(reverse("leads:brochure_submit")):
        return ""
    return referer


def _with_referer_context(request: HttpRequest, form: BrochureForm) -> BrochureForm:
    """Carry the Referer's campaign and page into the form shown again, before the Referer becomes us."""
    referer = _page_referer(request)
    data = form.data.copy()
    if not referer or any(data.get(name) for name in services.UTM_FIELDS):
        utm = {}
    else:
        utm = services.utm_from_url(url=referer)
    for name, value in utm.items():
        data[name] = value
    if referer and not data.get("landing_page"):
        data["landing_page"] = referer
    if data == form.data:
        return form
    again = BrochureForm(data)
    again.is_valid()
    return again


def _form_again(request: HttpRequest, form: BrochureForm, *, status: int, message: str = "") -> HttpResponse:
    """The form with the typed values and a message per field, never cached."""
    if _wants_json(request):
        errors = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        return JsonResponse(
            {"ok": False, "message": message, "errors": errors, "csrfToken": _csrf_token_if_needed(request)},
            status=status,
        )
    form = _with_referer_context(request, form)
    course = form.course_page or _course_from_post(request)
    if course is None:
        return _problem(
            request,
            status=status,
            message=message or _("Deze training bestaat niet meer. Kies een training op de trainingenpagina."),
        )
    context = brochure_form_context(
        request=request,
        course=course,
        form=form,
        message=message or _("Controleer de gemarkeerde velden en verstuur het formulier opnieuw."),
        with_csrf_token=not _browser_says_same_origin(request),
    )
    return _noindex(render(request, "leads/brochure_form_page.html", context, status=status))


def _form_kept_while_database_is_down(request: HttpRequest) -> HttpResponse:
    """The form with every typed value and a request to try again, rendered without the database."""
    message = _(
        "Uw aanvraag is nog niet verstuurd: de website is even niet bereikbaar. "
        "Uw gegevens staan nog in het formulier; probeer het over een minuut opnieuw."
    )
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message, "errors": {}}, status=503, headers={"Retry-After": "30"})
    values = {name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
    form = BrochureForm(initial=values)  # unbound: validating would ask the database for the course
    form.auto_id = "brochure-%s"
    context = {
        "form": form,
        "heading": _("Brochure aanvragen"),
        "message": message,
        "privacy_url": "/privacy/",
        "csrf_value": get_token(request),
        "form_uid": "brochure",
    }
    response = render(request, "leads/brochure_unavailable_page.html", context, status=503)
    response["Retry-After"] = "30"
    return _noindex(response)


def _keeps_form_when_database_is_down(view):
    """Answer a database outage during a brochure POST with the form kept, never a thank-you or a 500.

    Nothing is stored then (the transaction rolled back), so the visitor sends it again.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DATABASE_UNAVAILABLE:
            logger.warning("Brochure request not stored: the database is unreachable; form shown again")
            return _form_kept_while_database_is_down(request)

    return wrapper


@csrf_exempt  # checked below, so that a failure keeps the typed values
@never_cache
@require_POST
@_keeps_form_when_database_is_down
def brochure_submit(request: HttpRequest) -> HttpResponse:
    """Take a brochure request: 303 to the thank-you page, or the form again with messages."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.BROCHURE_MAX_REQUEST_BYTES:
        return _problem(
            request,
            status=413,
            message=_("Uw aanvraag is te groot om te verwerken. Vul het formulier opnieuw in met kortere antwoorden."),
        )
    if services.form_preview_check(token=request.POST.get("preview", "")):
        return _preview_submit(request)
    ip_address = _client_ip(request)

    form = BrochureForm(request.POST)
    csrf_failure = _csrf_failure_reason(request)
    if csrf_failure is not None:
        logger.info("Brochure form shown again after a failed CSRF check: %s", csrf_failure)
        return _form_again(
            request,
            form,
            status=403,
            message=_(
                "Uw aanvraag is nog niet verstuurd: de pagina was verlopen. "
                "Controleer uw gegevens en klik nogmaals op de knop."
            ),
        )
    if form.has_error("form_started", FORM_EXPIRED):
        return _form_expired(request, form)
    if not form.is_valid():
        return _form_again(request, form, status=400)

    referer = _page_referer(request)
    submission = form.submission(
        source_url=referer,
        referer=referer,
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", ""),
    )
    brochure_request = services.brochure_request_capture(
        submission=submission, course=form.course_page, source_page=form.source_page_obj
    )
    if brochure_request is None:
        return _form_again(request, form, status=429, message=_rate_limit_message())

    token = services.thank_you_token_make(brochure_request=brochure_request)
    thanks_url = reverse("leads:brochure_thanks", args=[token])
    if _wants_json(request):
        # The script goes to the same thank-you page as the browser without it: back,
        # forward, reload and a bookmark all show the thank-you again.
        return JsonResponse({"ok": True, "redirect": thanks_url})
    return HttpResponseRedirect(thanks_url, status=303)


def _rate_limit_message() -> str:
    """Said to everyone behind one address: colleagues in one office share it."""
    minutes = max(1, round(settings.BROCHURE_RATE_WINDOW_SECONDS / 60))
    return ngettext(
        "Vanaf uw internetadres zijn in korte tijd veel brochures aangevraagd, misschien ook door "
        "collega's op hetzelfde netwerk. Uw aanvraag is nog niet verstuurd: probeer het over "
        "%(minutes)d minuut opnieuw.",
        "Vanaf uw internetadres zijn in korte tijd veel brochures aangevraagd, misschien ook door "
        "collega's op hetzelfde netwerk. Uw aanvraag is nog niet verstuurd: probeer het over "
        "%(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


def _form_expired(request: HttpRequest, form: BrochureForm) -> HttpResponse:
    """The form stood open longer than a form-start token lasts: show it again, nothing lost.

    The new start time counts the minimum fill-in time as spent: the visitor already
    typed everything, and only has to click again.
    """
    data = request.POST.copy()
    data["form_started"] = services.form_started_make(seconds_ago=settings.BROCHURE_MIN_FILL_SECONDS)
    message = _(
        "Uw aanvraag is nog niet verstuurd: de pagina stond lang open. "
        "Controleer uw gegevens en klik nogmaals op de knop."
    )
    if _wants_json(request):
        return JsonResponse(
            {"ok": False, "message": message, "errors": {}, "formStarted": data["form_started"]}, status=400
        )
    again = BrochureForm(data)
    again.is_valid()
    return _form_again(request, again, status=400, message=message)


def _thank_you_context(brochure_request, *, is_preview: bool = False) -> dict:
    """What the thank-you says, for this request: its course, and only what is true of it."""
    course = brochure_request.course
    has_brochure = services.course_has_brochure(course=course) and not brochure_request.waiting_for_brochure
    download_url = ""
    if has_brochure and not is_preview:
        token = services.brochure_link_make(brochure_request=brochure_request)
        download_url = reverse("leads:brochure_download", args=[token])
    return {
        "course": course,
        "course_title": course.title if course else brochure_request.course_title,
        "has_brochure": has_brochure,
        "thanks_title": course.thank_you_title if has_brochure else _("Bedankt voor uw aanvraag"),
        "quarantined": brochure_request.is_spam,
        "is_preview": is_preview,
        "download_url": download_url,
        "max_age_days": settings.BROCHURE_LINK_MAX_AGE_DAYS,
    }


def _preview_submit(request: HttpRequest) -> HttpResponse:
    """A submit from the page editor's preview: check the form, show the thank-you, store nothing."""
    form = BrochureForm(request.POST)
    form.is_valid()
    form.errors.pop("form_started", None)  # a preview may stay open for days
    if form.errors:
        return _form_again(request, form, status=400)
    preview_request = BrochureRequest(
        course=form.course_page,
        course_title=form.course_page.title,
        waiting_for_brochure=not services.course_has_brochure(course=form.course_page),
    )
    context = _thank_you_context(preview_request, is_preview=True)
    if _wants_json(request):
        html = render_to_string("leads/components/thank_you.html", context, request)
        return JsonResponse({"ok": True, "preview": True, "html": html})
    return _preview_page(request, context)


@xframe_options_sameorigin
@csp_replace(settings.CONTENT_SECURITY_POLICY_PREVIEW)
def _preview_page(request: HttpRequest, context: dict) -> HttpResponse:
    """The preview's thank-you page, which the admin shows in its preview frame."""
    response = render(request, "leads/thank_you_page.html", context)
    add_never_cache_headers(response)
    return _noindex(response)


def _link_problem(request: HttpRequest, resolution: services.LinkResolution) -> HttpResponse:
    """Expired (410) or unknown (404) link: say so kindly and offer the form again."""
    course = resolution.course
    context = {"expired": resolution.expired, "course": course}
    if course is not None:
        context.update(brochure_form_context(request=request, course=course, source_page=course))
    status = 410 if resolution.expired else 404
    response = render(request, "leads/link_problem_page.html", context, status=status)
    add_never_cache_headers(response)
    return _noindex(response)


@never_cache
@require_GET
def brochure_thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The course's thank-you page with the download button."""
    resolution = services.thank_you_token_resolve(token=token)
    brochure_request = resolution.brochure_request
    if brochure_request is None or brochure_request.course is None:
        return _link_problem(request, resolution)
    context = _thank_you_context(brochure_request)
    return _noindex(render(request, "leads/thank_you_page.html", context))


@require_safe  # GET, and HEAD: mail scanners and link checkers try the link before the visitor does
def brochure_download(request: HttpRequest, token: str) -> HttpResponse:
    """Stream the brochure of a signed, unexpired link and count the download."""
    resolution = services.brochure_link_resolve(token=token)
    brochure_request = resolution.brochure_request
    course = brochure_request.course if brochure_request else None
    document = course.brochure if course else None
    if document is None:
        return _link_problem(request, resolution)
    try:
        file = document.file.open("rb")
    except OSError:
        logger.exception("Brochure file missing for document %s", document.pk)
        return _link_problem(request, services.LinkResolution(brochure_request=None, course=course))
    if request.method == "GET":  # a HEAD (link checkers, mail scanners) is no download
        services.brochure_download_record(brochure_request=brochure_request)
    response = FileResponse(file, as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return _noindex(response)


@never_cache
@require_GET
def brochure_form_token(request: HttpRequest) -> JsonResponse:
    """A fresh form start time for forms on (possibly cached) pages, and a CSRF token for a
    browser that does not say where its requests come from (none for those that do: no cookie)."""
    form_started = services.form_started_make(by=services.FORM_STARTED_BY_SCRIPT)
    return _noindex(JsonResponse({"csrfToken": _csrf_token_if_needed(request), "formStarted": form_started}))
