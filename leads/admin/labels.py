"""Stored values as the admin user reads them: choice labels, full names, dates, spam reasons.

The database keeps machine values ("contacted", a username, "2026-12-02", "too_fast"),
which stay stable when labels or languages change; everything the sales desk shows
passes through these functions, in the user's admin language.
"""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leads import assignment, services, timeline
from leads.first_contact import FirstContactState, lead_first_contact_state
from leads.models import Lead, LeadActivity
from leads.working_hours import working_duration_short, working_duration_text, working_time_between

SPAM_REASON_LABELS = {
    services.SPAM_HONEYPOT: _("hidden field filled in (a bot)"),
    services.SPAM_TOO_FAST: _("form sent too fast"),
    services.SPAM_NO_TIMESTAMP: _("form sent without its time stamp"),
    services.SPAM_LINK: _("a web address in a name or the organisation"),
    services.SPAM_SAME_TEXT: _("name and organisation are the same text"),
    "marked by sales": _("marked by sales"),
}
# Capture and release write the signals into messages in brackets: "(too_fast+link)".
_REASONS_IN_BRACKETS = re.compile(r"\(([a-z_]+(?:[+,] ?[a-z_]+)*)\)")
ASSIGNMENT_LABELS = {
    assignment.ASSIGNED_COURSE_OWNER: _("Assigned automatically: the course's sales owner"),
    assignment.ASSIGNED_ROTATION: _("Assigned automatically: next in the rotation"),
}
YES_NO = {"true": _("yes"), "false": _("no"), "yes": _("yes"), "no": _("no")}
CONSENT_VALUES = {
    **YES_NO,
    "given": _("given"),
    "not given": _("not given"),
    "withdrawn": _("withdrawn"),
    "to be confirmed": _("to be confirmed by the person"),
}

MAILCHIMP_LABELS = {
    timeline.SYNC_SENT: _("Sent to Mailchimp"),
    timeline.SYNC_CALLED_OFF: _("Mailchimp sync called off: consent withdrawn, marked as spam or erased meanwhile."),
    timeline.SYNC_RETRYING: _("Mailchimp will retry: %(error)s"),
    timeline.SYNC_FAILED: _("Mailchimp failed: %(error)s"),
    timeline.SYNC_REQUEUED: _("Sync queued again by sales"),
    timeline.SYNC_NOT_QUEUED: _("Not sent: no consent, spam or erased"),
    timeline.UNSUBSCRIBED_AFTER_WITHDRAWAL: _("Unsubscribed in Mailchimp after withdrawal."),
    timeline.ADDRESS_TAKEN: _("Address changed in Mailchimp to one another lead already has; not changed here."),
    timeline.ADDRESS_CHANGED: _("E-mail address changed in Mailchimp."),
    timeline.SUBSCRIBED: _("Subscribed in Mailchimp."),
    timeline.PROFILE_UPDATED: _("Profile updated in Mailchimp."),
}

SPAM_RELEASE_LABELS = {
    timeline.SPAM_RELEASED: _(
        "Released from quarantine (%(reason)s): brochure e-mail, sales notice and Mailchimp queued."
    ),
    timeline.SPAM_UNFLAGGED: _("No longer marked as spam (%(reason)s)."),
}


def spam_reason_label(reason: str) -> str:
    """Why a lead is held as spam, in words: each signal of "too_fast+link" by its label.

    An unknown (older or free-text) reason is shown as stored.
    """
    if reason in SPAM_REASON_LABELS:
        return str(SPAM_REASON_LABELS[reason])
    codes = [code.strip() for code in re.split(r"[+,]", reason or "") if code.strip()]
    if codes and all(code in SPAM_REASON_LABELS for code in codes):
        return ", ".join(str(SPAM_REASON_LABELS[code]) for code in codes)
    return reason


def _reasons_in_words(message: str) -> str:
    def replace(match):
        label = spam_reason_label(match.group(1))
        return f"({label})" if label != match.group(1) else match.group(0)

    return _REASONS_IN_BRACKETS.sub(replace, message)


def user_display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def date_text(day: datetime.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def datetime_text(moment: datetime.datetime | None) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _choice_label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


@dataclass
class TimelineEntry:
    """One line of the lead's timeline, ready to show."""

    activity: LeadActivity
    title: str
    old: str
    new: str
    by: str
    message: str

    @property
    def has_change(self) -> bool:
        return bool(self.old or self.new)


def _values(activity: LeadActivity, names: dict[str, str]) -> tuple[str, str]:
    old, new = activity.old_value, activity.new_value
    kind = activity.kind
    if kind == LeadActivity.Kind.STATUS:
        return _choice_label(Lead.Status.choices, old), _choice_label(Lead.Status.choices, new)
    if kind == LeadActivity.Kind.OWNER:
        return names.get(old, old), names.get(new, new)
    if kind == LeadActivity.Kind.FOLLOW_UP:
        return old, _date_value(new)
    if kind == LeadActivity.Kind.SPAM:
        return str(YES_NO.get(old, old)), str(YES_NO.get(new, new))
    if kind == LeadActivity.Kind.CONSENT:
        return str(CONSENT_VALUES.get(old, old)), str(CONSENT_VALUES.get(new, new))
    if kind == LeadActivity.Kind.MAILCHIMP:
        return old, _choice_label(Lead.MailchimpState.choices, new)
    return old, new


def _date_value(value: str) -> str:
    try:
        return date_text(datetime.date.fromisoformat(value))
    except ValueError:
        return value


def mailchimp_event_text(code: str, params: dict) -> str:
    """A Mailchimp timeline entry in the reader's words; a message that is no code is shown as stored."""
    if code == timeline.SYNC_GAVE_UP:
        attempts = params.get("attempts", 0)
        return ngettext(
            "Mailchimp gave up after %(attempts)d attempt: %(error)s",
            "Mailchimp gave up after %(attempts)d attempts: %(error)s",
            attempts,
        ) % {"attempts": attempts, "error": params.get("error", "")}
    if code not in MAILCHIMP_LABELS:
        return code
    text = str(MAILCHIMP_LABELS[code])
    if code in (timeline.SYNC_RETRYING, timeline.SYNC_FAILED):
        return text % {"error": params.get("error", "")}
    if code != timeline.SYNC_SENT:
        return text
    notes = [text]
    if params.get("reconfirm"):
        notes.append(str(_("pending: Mailchimp asks the person to confirm their address")))
    if params.get("tags"):
        notes.append(_("tags: %(tags)s") % {"tags": ", ".join(params["tags"])})
    notes += [_("journey %(journey)s started") % {"journey": journey} for journey in params.get("journeys_started", [])]
    notes += [
        _("journey %(journey)s: no answer, may have started; not sent again") % {"journey": journey}
        for journey in params.get("journeys_unanswered", [])
    ]
    return "; ".join(notes)


def _title(activity: LeadActivity) -> str:
    if activity.kind == LeadActivity.Kind.CONTACT and activity.channel:
        parts = [activity.get_channel_display(), activity.get_outcome_display()]
        return " · ".join(str(part) for part in parts if part)
    return str(activity.get_kind_display())


def _message(activity: LeadActivity) -> str:
    message = activity.message
    if activity.kind == LeadActivity.Kind.MAILCHIMP:
        return mailchimp_event_text(message, activity.params or {})
    if activity.kind == LeadActivity.Kind.OWNER and message in ASSIGNMENT_LABELS:
        return str(ASSIGNMENT_LABELS[message])
    if activity.kind == LeadActivity.Kind.SPAM and message in SPAM_RELEASE_LABELS:
        reason = (activity.params or {}).get("reason", "")
        return SPAM_RELEASE_LABELS[message] % {"reason": spam_reason_label(reason) if reason else "-"}
    if activity.kind == LeadActivity.Kind.SPAM and message == services.SPAM_LEFT_BY_CLEAN_REQUEST:
        return str(_("Left quarantine: a later request from this address passed the checks."))
    if activity.kind == LeadActivity.Kind.SPAM:
        return _reasons_in_words(spam_reason_label(message))
    if activity.kind == LeadActivity.Kind.REQUEST:
        # Capture appends the spam signals in brackets: "Brochure: X (too_fast+link)".
        match = _REASONS_IN_BRACKETS.search(message)
        label = spam_reason_label(match.group(1)) if match else ""
        if match and label != match.group(1):
            return message[: match.start()] + f"({_('suspected spam')}: {label})" + message[match.end() :]
    return message


def timeline_entries(activities) -> list[TimelineEntry]:
    """The timeline with readable values; owners by full name (one query for all of them)."""
    activities = list(activities)
    usernames = {
        value
        for activity in activities
        if activity.kind == LeadActivity.Kind.OWNER
        for value in (activity.old_value, activity.new_value)
        if value
    }
    user_model = get_user_model()
    names = {
        user.get_username(): user_display_name(user)
        for user in user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": usernames})
    }
    entries = []
    for activity in activities:
        old, new = _values(activity, names)
        entries.append(
            TimelineEntry(
                activity=activity,
                title=_title(activity),
                old=old,
                new=new,
                by=user_display_name(activity.user) if activity.user_id else str(_("system")),
                message=_message(activity),
            )
        )
    return entries


# Short, for the listing's badge; the filter says it in full (FirstContactState).
BADGE_LABELS = {
    FirstContactState.OVERDUE: _("Overdue"),
    FirstContactState.DUE_TODAY: _("Due today"),
    FirstContactState.WAITING: _("Due"),
    FirstContactState.ON_TIME: _("In time"),
    FirstContactState.LATE: _("Late"),
}


@dataclass
class FirstContactSummary:
    """The first-contact state of a lead as the listing and the lead page show it."""

    state: str
    label: str
    detail: str
    title: str
    short: str  # the listing's column: "in 2 h", "3 h late"; the rest is in ``title``


def first_contact_summary(lead: Lead, *, now: datetime.datetime) -> FirstContactSummary | None:
    """``None`` for a lead without a due time (spam, or older than the deadline)."""
    state = lead_first_contact_state(lead=lead, now=now)
    if not state:
        return None
    due = lead.first_contact_due_at
    label = str(BADGE_LABELS[state])
    title = _("First contact due %(due)s") % {"due": datetime_text(due)}
    if state == FirstContactState.OVERDUE:
        late = working_time_between(start=due, end=now)
        detail = _("%(time)s late") % {"time": working_duration_text(late)}
        short = _("%(time)s late") % {"time": working_duration_short(late)}
    elif state in (FirstContactState.DUE_TODAY, FirstContactState.WAITING):
        if state == FirstContactState.DUE_TODAY:
            detail = _("by %(time)s") % {"time": formats.time_format(timezone.localtime(due), "TIME_FORMAT")}
        else:
            detail = formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT")
        short = _("in %(time)s") % {"time": working_duration_short(working_time_between(start=now, end=due))}
    else:
        detail = ""
        if lead.first_contact_working_seconds is not None:
            taken = working_duration_text(datetime.timedelta(seconds=lead.first_contact_working_seconds))
            detail = _("after %(time)s") % {"time": taken}
        short = label
    if detail:
        title = f"{label}: {detail}. {title}"
    return FirstContactSummary(state=state, label=label, detail=detail, title=title, short=str(short))
