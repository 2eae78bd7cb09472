"""The brochure form: one set of fields and rules wherever the form appears.

Input names are a contract (JavaScript, tests and the demo content use them). The form
carries no CSRF token of its own: pages with it may be served from a full-page cache.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.middleware.csrf import get_token
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from leads import services
from leads.consent import CONSENT_WORDING
from leads.models import CoursePage, Lead
from website.links import page_public_url
from website.text import has_unsafe_characters, safe_text

HONEYPOT_FIELD = "website"
FORM_EXPIRED = "expired"
# Long enough for any real name; short enough that the greeting of the brochure e-mail
# ("Beste <voornaam>,"), sent to any address typed in, cannot carry a message.
FIRST_NAME_MAX_LENGTH = 50
LAST_NAME_MAX_LENGTH = 80
PHONE_PATTERN = r"\+?[0-9 \(\)\-\.]{8,40}"
PHONE_PATTERN_RE = rf"^{PHONE_PATTERN}\Z"
PHONE_MESSAGE = _("Vul een geldig telefoonnummer in, bijvoorbeeld 030 123 45 67.")
SINGLE_LINE_MESSAGE = _("Gebruik hier één regel gewone tekst, zonder regeleinden, tabs of onzichtbare tekens.")
NAME_URL_MESSAGE = _("Vul hier alleen uw naam in, zonder webadres of e-mailadres.")

# What a name never holds: a scheme ("https://"), "www.", an address, or a domain name
# (a word, a dot, a common top-level domain). "J.P." and "v.d. Berg" stay names.
_URL_IN_NAME = re.compile(
    r"[a-z][a-z0-9+.-]*://|www\.|@|[\w-]{2,}\.(?:nl|be|de|eu|com|net|org|info|biz|io|co|me|ly|ru|cn|xyz|top"
    r"|site|online|click|link|app|shop|club|live)\b",
    re.IGNORECASE,
)


def validate_no_url(value: str) -> None:
    """A name is greeted in the brochure e-mail we send to any address typed in: no links in it."""
    if _URL_IN_NAME.search(value):
        raise ValidationError(NAME_URL_MESSAGE, code="url")


PAGE_ID_MAX = 2**31 - 1  # an integer id column, on every database; larger numbers overflow SQLite


def page_id_from_form(value: str) -> int | None:
    """A page id sent by the form (``course``, ``source_page``), or ``None`` when it is none.

    The one reading of a page id from a post, for the form and for the view that shows the
    form again before the form has been cleaned. ASCII digits only: ``isdecimal`` alone
    lets through digits of other scripts, and ``isdigit`` lets through "²", which
    ``int()`` refuses.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdecimal()) or len(value) > len(str(PAGE_ID_MAX)):
        return None
    page_id = int(value)
    return page_id if 1 <= page_id <= PAGE_ID_MAX else None


def _messages(required: str, max_length: int | None = None) -> dict[str, str]:
    messages = {"required": required}
    if max_length:
        messages["max_length"] = _("Gebruik maximaal %(limit_value)d tekens.")
    return messages


class TelInput(forms.TextInput):
    input_type = "tel"


class SingleLineField(forms.CharField):
    """A visible one-line text field: a NUL, a line break or another control character is refused
    with a Dutch message (Django's own NUL check would answer in English)."""

    def __init__(self, *, single_line_message=SINGLE_LINE_MESSAGE, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.single_line_message = single_line_message

    def validate(self, value):
        super().validate(value)
        if value and has_unsafe_characters(value):
            raise ValidationError(self.single_line_message, code="single_line")


class HiddenTextField(forms.CharField):
    """A hidden value filled by the page or JavaScript: never an error.

    Longer than ``keep`` characters, it is shortened with a visible "…" at the end
    (``services.text_shorten``), so whoever reads it sees that something was cut. Control
    characters (a NUL in a campaign link) are dropped: PostgreSQL cannot store a NUL, and a
    refusal of a field the visitor cannot see would explain nothing.
    """

    def __init__(self, *, keep: int, **kwargs):
        self.keep = keep
        super().__init__(required=False, widget=forms.HiddenInput, strip=True, **kwargs)
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        return super().to_python(safe_text(value) if isinstance(value, str) else value)

    def clean(self, value):
        return services.text_shorten(super().clean(value), limit=self.keep)


class BrochureForm(forms.Form):
    first_name = SingleLineField(
        label=_("Voornaam"),
        max_length=FIRST_NAME_MAX_LENGTH,
        error_messages=_messages(_("Vul uw voornaam in."), FIRST_NAME_MAX_LENGTH),
        validators=[validate_no_url],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = SingleLineField(
        label=_("Achternaam"),
        max_length=LAST_NAME_MAX_LENGTH,
        error_messages=_messages(_("Vul uw achternaam in."), LAST_NAME_MAX_LENGTH),
        validators=[validate_no_url],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = SingleLineField(
        label=_("Zakelijk e-mailadres"),
        max_length=254,
        error_messages=_messages(_("Vul uw e-mailadres in."), 254),
        single_line_message=services.INVALID_EMAIL_MESSAGE,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    company = SingleLineField(
        label=_("Organisatie"),
        max_length=150,
        error_messages=_messages(_("Vul de naam van uw organisatie in."), 150),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label=_("Functie"),
        choices=[("", _("Kies uw functie")), *Lead.Role.choices],
        error_messages={
            "required": _("Kies uw functie."),
            "invalid_choice": _("Kies een van de functies uit de lijst."),
        },
    )
    phone = SingleLineField(
        label=_("Telefoonnummer (niet verplicht)"),
        max_length=40,
        required=False,
        error_messages=_messages("", 40),
        validators=[RegexValidator(PHONE_PATTERN_RE, message=PHONE_MESSAGE)],
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    marketing_consent = forms.BooleanField(label=CONSENT_WORDING, required=False)

    # Context of the request, filled by the page (course, source page) and by JavaScript.
    course = forms.CharField(widget=forms.HiddenInput, error_messages={"required": ""})
    source_page = HiddenTextField(keep=20)
    utm_source = HiddenTextField(keep=100)
    utm_medium = HiddenTextField(keep=100)
    utm_campaign = HiddenTextField(keep=100)
    utm_term = HiddenTextField(keep=100)
    utm_content = HiddenTextField(keep=100)
    landing_page = HiddenTextField(keep=500)
    referrer = HiddenTextField(keep=500)
    form_started = HiddenTextField(keep=200)
    # Set only on forms rendered inside the page editor's preview (signed): nothing is stored.
    preview = HiddenTextField(keep=200)
    # The honeypot: hidden from people (CSS, aria-hidden), filled in by naive bots.
    website = HiddenTextField(keep=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget = forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
        )
        for name in ("first_name", "last_name", "email", "company", "role"):
            self.fields[name].widget.attrs["required"] = True
        # The script shows the same Dutch messages as the server, before sending.
        for name in ("first_name", "last_name", "email", "company", "role"):
            self.fields[name].widget.attrs["data-msg-required"] = str(self.fields[name].error_messages["required"])
        self.fields["email"].widget.attrs["data-msg-invalid"] = str(services.INVALID_EMAIL_MESSAGE)
        self.fields["phone"].widget.attrs["data-msg-invalid"] = str(PHONE_MESSAGE)
        self.fields["phone"].widget.attrs["pattern"] = PHONE_PATTERN
        # No maxlength attribute: a browser cuts a pasted value at that length without a word.
        # A value that is too long is refused with the field's message instead, by the script
        # as it is typed and by the server; the visitor sees all they typed and can shorten it.
        for name in ("first_name", "last_name", "email", "company", "phone"):
            field = self.fields[name]
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-max-length"] = str(field.max_length)
            field.widget.attrs["data-msg-max-length"] = str(field.error_messages["max_length"]) % {
                "limit_value": field.max_length
            }
        self.course_page: CoursePage | None = None
        self.source_page_obj: Page | None = None

    def clean_form_started(self) -> str:
        value = self.cleaned_data["form_started"]
        if services.form_started_read(token=value).expired:
            # Not spam: the page stood open for a long time. The view shows the form again.
            raise forms.ValidationError("", code=FORM_EXPIRED)
        return value

    def clean_email(self) -> str:
        return services.email_normalise(email=self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return " ".join(self.cleaned_data["phone"].split())

    def clean_course(self) -> int | None:
        course_id = page_id_from_form(self.cleaned_data.get("course", ""))
        self.course_page = CoursePage.find_public(course_id) if course_id else None
        if self.course_page is None:
            raise forms.ValidationError(
                _("Deze training bestaat niet meer. Kies een training op de trainingenpagina."), code="no_course"
            )
        return course_id

    def clean_source_page(self) -> str:
        value = self.cleaned_data["source_page"]
        page_id = page_id_from_form(value)
        if page_id is not None:
            self.source_page_obj = Page.objects.filter(pk=page_id).first()
        return value

    def submission(self, *, source_url: str, referer: str, ip_address: str | None, user_agent: str):
        """The cleaned values as a ``BrochureSubmission`` for ``services.lead_capture``.

        The headers (Referer, User-Agent) are the browser's word: without control characters.
        """
        data = self.cleaned_data
        source_url, referer, user_agent = safe_text(source_url), safe_text(referer), safe_text(user_agent)
        utm = {name: data[name] for name in services.UTM_FIELDS if data.get(name)}
        if not utm:
            utm = services.utm_from_url(url=referer)
        if not source_url and self.source_page_obj is not None:
            source_url = page_public_url(page=self.source_page_obj)
        return services.BrochureSubmission(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            company=data["company"],
            role=data["role"],
            phone=data["phone"],
            marketing_consent=data["marketing_consent"],
            utm=utm,
            source_url=source_url,
            landing_page=data["landing_page"] or source_url,
            referrer=data["referrer"],
            ip_address=ip_address,
            user_agent=user_agent,
            spam_reason=services.submission_spam_reason(
                honeypot=data[HONEYPOT_FIELD],
                form_started=data["form_started"],
                texts=(data["first_name"], data["last_name"], data["company"]),
            ),
        )


def privacy_url(request) -> str:
    """The privacy statement chosen in the organisation settings; ``/privacy/`` when none is."""
    from website.models import OrganisationSettings

    try:
        organisation = OrganisationSettings.for_request(request) if request is not None else None
    except Exception:  # no site matches the request's host
        organisation = None
    page = organisation.privacy_page if organisation else None
    return (page.url if page and page.live else None) or "/privacy/"


def brochure_form_context(
    *,
    request,
    course: CoursePage,
    source_page: Page | None = None,
    form: BrochureForm | None = None,
    heading: str = "",
    intro: str = "",
    message: str = "",
    with_csrf_token: bool = False,
) -> dict:
    """What ``leads/components/brochure_form.html`` needs, for the template tag and the views.

    ``with_csrf_token`` is only for responses that are never cached (the form shown again).
    """
    if form is None:
        form = BrochureForm(
            initial={
                "course": course.pk,
                "source_page": source_page.pk if source_page else "",
                "form_started": services.form_started_make(),
                "preview": services.form_preview_make() if getattr(request, "is_preview", False) else "",
            }
        )
    # Several forms may share a page: give each its own element ids (names stay the same).
    count = getattr(request, "_brochure_form_count", 0) + 1 if request is not None else 1
    if request is not None:
        request._brochure_form_count = count
    form_uid = f"brochure-{course.pk}-{count}"
    form.auto_id = f"{form_uid}-%s"
    for name, field in form.fields.items():
        if not field.widget.is_hidden and name != HONEYPOT_FIELD:
            field.widget.attrs["aria-describedby"] = f"{form_uid}-{name}-error"
    if form.is_bound:
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["aria-invalid"] = "true"
    has_brochure = services.course_has_brochure(course=course)
    heading = heading or (course.form_heading if has_brochure else _("Vraag de brochure aan"))
    if not has_brochure:
        # No brochure, no promise of one "at once": it is e-mailed when the course has one again.
        intro = _(
            "De brochure van deze training wordt bijgewerkt. Laat uw gegevens achter, "
            "dan sturen we hem per e-mail zodra hij klaar is."
        )
    return {
        "form": form,
        "course": course,
        "has_brochure": has_brochure,
        "heading": heading,
        # Two forms on one page must be told apart: the heading names the course.
        "heading_names_course": course.title.casefold() in str(heading).casefold(),
        "is_preview": bool(form["preview"].value()),
        "intro": intro or course.form_intro,
        "message": message,
        "privacy_url": privacy_url(request),
        "csrf_value": get_token(request) if with_csrf_token and request is not None else "",
        "form_uid": form_uid,
        "request": request,
    }
