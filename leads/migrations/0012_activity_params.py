"""Mailchimp and spam-release timeline entries as a code and parameters (``leads.timeline``).

Entries written before held a sentence: the Mailchimp ones in English, a release from spam
in the language of whoever released it (English or Dutch). Each sentence the code used to
write becomes its code; anything else (an entry erased or worded otherwise) stays as it
was, and the admin shows it as stored. The codes and sentences are spelt out here: a
migration must not change when the application or its catalogue does.
"""

import re

from django.db import migrations, models

FIXED = {
    "Mailchimp sync called off: consent withdrawn, marked as spam or erased meanwhile.": "mailchimp:called_off",
    "Sync queued again by sales": "mailchimp:requeued",
    "Not sent: no consent, spam or erased": "mailchimp:not_queued",
    "Unsubscribed in Mailchimp after withdrawal.": "mailchimp:unsubscribed_after_withdrawal",
    "Address changed in Mailchimp to one another lead already has; not changed here.": "mailchimp:address_taken",
    "E-mail address changed in Mailchimp.": "mailchimp:address_changed",
    "Subscribed in Mailchimp.": "mailchimp:subscribed",
    "Profile updated in Mailchimp.": "mailchimp:profile_updated",
}
SENT = "Sent to Mailchimp"
RECONFIRM = "pending: Mailchimp asks the person to confirm their address"
_TAGS = re.compile(r"; tags: (.*?)(?=; journey [^ ;]+(?: started|: no answer)|$)", re.DOTALL)
_STARTED = re.compile(r"; journey ([^ ;]+) started")
_UNANSWERED = re.compile(r"; journey ([^ ;]+): no answer, may have started; not sent again")
_GAVE_UP = re.compile(r"Mailchimp failed: Gave up after (\d+) attempts: (.*)", re.DOTALL)
_FAILED = re.compile(r"Mailchimp (failed|will retry): (.*)", re.DOTALL)
SPAM_SENTENCES = [
    (
        re.compile(r"Released from quarantine \((.*)\): brochure e-mail, sales notice and Mailchimp queued\.", re.DOTALL),
        "spam:released",
    ),
    (
        re.compile(
            r"Vrijgegeven uit quarantaine \((.*)\): brochuremail, salesbericht en Mailchimp in de wachtrij gezet\.",
            re.DOTALL,
        ),
        "spam:released",
    ),
    (re.compile(r"No longer marked as spam \((.*)\)\.", re.DOTALL), "spam:unflagged"),
    (re.compile(r"Niet langer als spam gemarkeerd \((.*)\)\.", re.DOTALL), "spam:unflagged"),
]


def _sent_text(params: dict) -> str:
    """The sentence the sync wrote for ``params`` (to check that a parse lost nothing)."""
    notes = [RECONFIRM] if params["reconfirm"] else []
    if params["tags"]:
        notes.append(f"tags: {', '.join(params['tags'])}")
    # The sync wrote its journeys in order, started and unanswered mixed; only the
    # common case of one kind is rebuilt here, the rest is compared below as a set.
    notes += [f"journey {journey}: no answer, may have started; not sent again" for journey in params["journeys_unanswered"]]
    notes += [f"journey {journey} started" for journey in params["journeys_started"]]
    return "; ".join([SENT, *notes])


def coded(message: str) -> tuple[str, dict] | None:
    """``(code, params)`` for a sentence the Mailchimp code used to write, else ``None``."""
    if message in FIXED:
        return FIXED[message], {}
    if message.startswith(SENT):
        tags = _TAGS.search(message)
        params = {
            "reconfirm": message.startswith(f"{SENT}; {RECONFIRM}"),
            "tags": tags.group(1).split(", ") if tags else [],
            "journeys_started": _STARTED.findall(message),
            "journeys_unanswered": _UNANSWERED.findall(message),
        }
        if sorted(_sent_text(params).split("; ")) != sorted(message.split("; ")):
            return None
        return "mailchimp:sent", params
    if match := _GAVE_UP.fullmatch(message):
        return "mailchimp:gave_up", {"error": match.group(2), "attempts": int(match.group(1))}
    if match := _FAILED.fullmatch(message):
        code = "mailchimp:failed" if match.group(1) == "failed" else "mailchimp:retrying"
        return code, {"error": match.group(2)}
    return None


def spam_coded(message: str) -> tuple[str, dict] | None:
    """``(code, params)`` for a release sentence in English or Dutch, else ``None``."""
    for pattern, code in SPAM_SENTENCES:
        if match := pattern.fullmatch(message):
            reason = match.group(1)
            return code, {"reason": "" if reason == "-" else reason}
    return None


def to_codes(apps, schema_editor):
    LeadActivity = apps.get_model("leads", "LeadActivity")
    for kind, parse in (("mailchimp", coded), ("spam", spam_coded)):
        for activity in LeadActivity.objects.filter(kind=kind).exclude(message="").iterator():
            found = parse(activity.message)
            if found:
                LeadActivity.objects.filter(pk=activity.pk).update(message=found[0], params=found[1])


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0011_editor_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="leadactivity",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
