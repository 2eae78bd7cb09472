"""The people who asked for a brochure, what they asked for and what they allowed."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.audit import lead_log_label


class Lead(models.Model):
    """One person, identified by their normalised e-mail address.

    Later requests from the same address update this row; they never create a second one.
    """

    class Role(models.TextChoices):
        BUYER = "inkoper", _("Inkoper")
        ICT = "ict", _("ICT-er")
        FACILITY = "facilitair", _("Facilitair manager")
        OTHER = "anders", _("Anders")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        QUALIFIED = "qualified", _("Qualified")
        ENROLLED = "enrolled", _("Enrolled")
        LOST = "lost", _("Lost")

    class MailchimpState(models.TextChoices):
        PENDING = "pending", _("Pending")
        SYNCED = "synced", _("Synced")
        FAILED = "failed", _("Failed")
        NOT_SENT = "not_sent", _("Not sent")

    email = models.EmailField(
        _("e-mail address"), max_length=254, help_text=_("As typed, trimmed, with the domain lower-cased (IDNA).")
    )
    email_key = models.CharField(
        _("e-mail key"),
        max_length=254,
        unique=True,
        editable=False,
        help_text=_("The whole address lower-cased: one lead per person, and Mailchimp's subscriber hash."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    company = models.CharField(_("company"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_leads",
        verbose_name=_("owner"),
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True, db_index=True)
    next_step = models.CharField(_("next step"), max_length=255, blank=True)

    marketing_consent = models.BooleanField(
        _("may be mailed"), default=False, help_text=_("Ticked the box for course news; cleared on unsubscribe.")
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # Anyone can type anyone's address in the form: a person who withdrew is only mailed
    # again after confirming their address through Mailchimp (double opt-in, "pending").
    mailchimp_reconfirm = models.BooleanField(
        _("to be confirmed in Mailchimp"),
        default=False,
        db_default=False,  # rows the previous release inserts during a deploy get it too
        editable=False,
        help_text=_(
            "Consent given again after a withdrawal: the next sync asks Mailchimp to e-mail the person "
            "a confirmation (pending) before they are mailed."
        ),
    )
    is_spam = models.BooleanField(_("suspected spam"), default=False, db_index=True)
    spam_reason = models.CharField(_("spam reason"), max_length=100, blank=True)

    mailchimp_state = models.CharField(
        _("Mailchimp"), max_length=20, choices=MailchimpState.choices, default=MailchimpState.NOT_SENT, db_index=True
    )
    mailchimp_error = models.TextField(_("last Mailchimp error"), blank=True)
    mailchimp_attempts = models.PositiveIntegerField(_("Mailchimp attempts"), default=0)
    mailchimp_synced_at = models.DateTimeField(_("synced to Mailchimp at"), null=True, blank=True)
    mailchimp_next_attempt_at = models.DateTimeField(_("next Mailchimp attempt"), null=True, blank=True)
    # A sync job claims the lead until this time (a lease), so two jobs never work on one
    # lead at once; a worker that died leaves a lease that simply runs out.
    mailchimp_lease_until = models.DateTimeField(_("Mailchimp sync claimed until"), null=True, blank=True)
    # Bumped whenever the lead needs syncing again: a job that started before the bump
    # does not mark the lead synced, so the newer job sends the newer data.
    mailchimp_sync_version = models.PositiveIntegerField(_("Mailchimp sync version"), default=0, editable=False)

    # Speed to lead: the first-contact clock starts when a non-spam request reaches sales
    # (or spam is released), runs in working hours only, and stops at the first contact.
    contact_clock_started_at = models.DateTimeField(_("waiting for first contact since"), null=True, blank=True)
    first_contact_due_at = models.DateTimeField(_("first contact due"), null=True, blank=True, db_index=True)
    first_contacted_at = models.DateTimeField(_("first contact at"), null=True, blank=True, db_index=True)
    first_contact_working_seconds = models.PositiveIntegerField(
        _("time to first contact (working seconds)"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]
        permissions = [
            ("export_lead", _("Can export leads")),
            ("erase_lead", _("Can erase leads (GDPR)")),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email_key=""), name="lead_email_key_not_empty"),
        ]

    # What a visitor types in the brochure form about themselves (besides the address).
    DETAIL_FIELDS = ("first_name", "last_name", "company", "role", "phone")

    def __str__(self) -> str:
        # The id only: Wagtail's audit log stores this as the entry's label, and a lead that
        # ends up in a log line or an error message must not name the person.
        return lead_log_label(lead_id=self.pk)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """How the sales desk names the lead: the full name, else the address."""
        return self.full_name or self.email


class BrochureRequest(models.Model):
    """One brochure request: which course, from which page and campaign, and its downloads."""

    # What signed links carry: a random id, so a link tells nothing about how many requests exist.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="requests", verbose_name=_("lead"))
    course = models.ForeignKey(
        "leads.CoursePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="brochure_requests",
        verbose_name=_("course"),
    )
    course_title = models.CharField(
        _("course title"), max_length=255, help_text=_("Kept in case the course page is deleted.")
    )
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source page"),
    )
    source_url = models.CharField(_("source URL"), max_length=500, blank=True)
    landing_page = models.CharField(_("landing page"), max_length=500, blank=True)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True)
    utm_source = models.CharField("utm_source", max_length=100, blank=True)
    utm_medium = models.CharField("utm_medium", max_length=100, blank=True)
    utm_campaign = models.CharField("utm_campaign", max_length=100, blank=True, db_index=True)
    utm_term = models.CharField("utm_term", max_length=100, blank=True)
    utm_content = models.CharField("utm_content", max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    submitted_details = models.JSONField(
        _("details as typed"),
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),
        blank=True,
        help_text=_("Name, company, role and phone as typed in this request; the lead keeps what sales know."),
    )
    is_spam = models.BooleanField(_("suspected spam"), default=False)
    spam_reason = models.CharField(
        _("spam reason"), max_length=100, blank=True, help_text=_("Kept after a release from quarantine.")
    )
    marketing_consent = models.BooleanField(
        _("ticked the consent box"),
        default=False,
        help_text=_("Kept on the request, so that consent held back by quarantine is recorded on release."),
    )
    waiting_for_brochure = models.BooleanField(
        _("waiting for the brochure"),
        default=False,
        help_text=_("The course had no brochure: it is e-mailed when the course is published with one."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    last_downloaded_at = models.DateTimeField(_("last downloaded at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("brochure e-mail sent at"), null=True, blank=True)
    journey_triggered_at = models.DateTimeField(_("journey triggered at"), null=True, blank=True)
    # Each request on a lead nobody has contacted yet gets its own due time (see leads.assignment).
    first_contact_due_at = models.DateTimeField(_("first contact due"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("brochure request")
        verbose_name_plural = _("brochure requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.course_title} ({self.created_at:%Y-%m-%d})"

    def details_differing_from_lead(self) -> list[tuple[str, str]]:
        """``(label, value as typed)`` for each detail typed in this request that the lead does not hold."""
        lead = self.lead
        differences = []
        for name, value in (self.submitted_details or {}).items():
            if name not in Lead.DETAIL_FIELDS or not value or value == getattr(lead, name):
                continue
            field = Lead._meta.get_field(name)
            shown = str(dict(field.choices).get(value, value)) if field.choices else value
            differences.append((str(field.verbose_name), shown))
        return differences


class ConsentRecord(models.Model):
    """Proof of consent: the exact wording shown, its version, when and where. Append-only."""

    class Action(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        FORM = "form", _("Brochure form")
        MAILCHIMP = "mailchimp", _("Mailchimp")
        SALES = "sales", _("Sales, on request")

    lead = models.ForeignKey(
        Lead, null=True, on_delete=models.SET_NULL, related_name="consents", verbose_name=_("lead")
    )
    brochure_request = models.ForeignKey(
        BrochureRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, default=Action.GIVEN)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.FORM)
    wording = models.TextField(_("wording shown"))
    version = models.CharField(_("wording version"), max_length=40)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    needs_confirmation = models.BooleanField(
        _("to be confirmed"),
        default=False,
        db_default=False,
        help_text=_("Given again after a withdrawal: not valid until the person confirms the Mailchimp e-mail."),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("allow_update", False):
            raise PermissionDenied("Consent records are append-only.")
        super().save(*args, **kwargs)


class LeadActivity(models.Model):
    """The lead's timeline: requests, status changes, notes and sync events, with who and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Lead created")
        REQUEST = "request", _("Brochure requested")
        STATUS = "status", _("Status changed")
        OWNER = "owner", _("Owner changed")
        FOLLOW_UP = "follow_up", _("Follow-up planned")
        NOTE = "note", _("Note")
        SPAM = "spam", _("Spam flag changed")
        MAILCHIMP = "mailchimp", _("Mailchimp")
        CONSENT = "consent", _("Consent changed")
        CONTACT = "contact", _("Contact logged")

    class Channel(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")

    class Outcome(models.TextChoices):
        INTERESTED = "interested", _("Spoke: interested")
        NOT_INTERESTED = "not_interested", _("Spoke: not interested")
        CALL_BACK = "call_back", _("Call back later")
        NO_ANSWER = "no_answer", _("No answer")
        LEFT_MESSAGE = "left_message", _("Left a message")
        SENT = "sent", _("Sent, awaiting a reply")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities", verbose_name=_("lead"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.TextField(_("message"), blank=True)
    # The values a coded message is worded with on display (leads.timeline).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    old_value = models.CharField(_("from"), max_length=100, blank=True)
    new_value = models.CharField(_("to"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("lead activity")
        verbose_name_plural = _("lead activities")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
