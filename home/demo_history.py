"""The demo sales desk's past: about six months of leads, so the admin looks alive at once.

Loaded by ``load_demo_content --history`` (``make run`` does), never by plain
``load_demo_content``: the pages load quickly for tests, the history is a separate step.
Every lead has an ``example.nl`` address (the mark of demo data) and is written directly
with the models, the way capture, sales and Mailchimp would have left it, not through
the form: no e-mail is sent and no job is queued.

Each kind of history is one function in ``STEPS``; each is idempotent on its own (a
second run finds its rows and adds nothing). The random choices come from a fixed seed,
so every run plans the same people; dates count back from the day of loading.
"""

import dataclasses
import datetime
import math
import random
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from blog.models import ArticlePage
from home.management.commands.create_demo_admin import DEMO_USERNAME
from leads.assignment import ASSIGNED_ROTATION, lead_settings_current
from leads.consent import CONSENT_VERSION, consent_wording
from leads.first_contact import first_contact_due
from leads.insight.demo import demo_counts_load
from leads.models import BrochureRequest, ConsentRecord, CoursePage, Lead, LeadActivity
from leads.sales import SALES_GROUP
from leads.services import email_key, email_normalise
from leads.working_hours import working_day_end, working_time_add, working_time_between

SEED = 20261129
LEAD_COUNT = 320
DAYS = 182
DEMO_DOMAIN = "example.nl"

# The demo admin of ``create_demo_admin`` (``make run`` creates it first): when it exists it
# owns a share of the leads, so whoever logs in as admin finds a day's work on the dashboard.
DEMO_ADMIN_SHARE = 0.25
# Leads that came in over the last working day and wait for their first contact: some due
# later today, some overdue, so the dashboard and the listing's due column have work in them.
FRESH_COUNT = 8
# Of the leads that were contacted, the share reached after the deadline.
LATE_SHARE = 0.18

# username, first name, last name: the Sales team that owns the demo leads.
SALES_PEOPLE = [
    ("demo.sanne", "Sanne", "de Wit"),
    ("demo.pieter", "Pieter", "Bakker"),
    ("demo.fatima", "Fatima", "El Idrissi"),
]

# fmt: off
FIRST_NAMES = [
    "Anna", "Bas", "Chantal", "Daan", "Eva", "Floor", "Gerrit", "Hanneke", "Ibrahim", "Jasper", "Karin", "Lars",
    "Marloes", "Niels", "Olga", "Patrick", "Quinten", "Rianne", "Stefan", "Tamara", "Ugur", "Vera", "Willem",
    "Yvonne", "Zeynep", "Arjen", "Bregje", "Coen", "Dewi", "Erik", "Fleur", "Gijs", "Hatice", "Inge", "Joost",
    "Kim", "Laura", "Maarten", "Noor", "Pim", "Roos", "Sven", "Tessa", "Thijs", "Wendy", "Youssef", "Mirjam",
]
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "Schouten", "Willems", "Hoekstra", "Koster",
    "Yilmaz", "El Amrani", "Kaya", "Prins", "Blom", "Huisman", "Kuiper", "Postma", "Verhoeven",
]
COMPANIES = [
    "Gemeente Utrecht", "Gemeente Amersfoort", "Provincie Gelderland", "Rijkswaterstaat", "Belastingdienst", "UWV",
    "Rabobank", "ING", "Achmea", "a.s.r.", "NS", "ProRail", "KPN", "Eneco", "Stedin", "Alliander", "Erasmus MC",
    "UMC Utrecht", "Radboudumc", "Hogeschool Utrecht", "Universiteit Twente", "Heijmans", "BAM Bouw", "Philips",
    "ASML", "PostNL", "Vitens", "Waterschap Vallei en Veluwe", "Ministerie van Financiën", "Gemeente Zwolle",
    "Gemeente Eindhoven", "Havenbedrijf Rotterdam", "Schiphol Group", "CZ", "Menzis",
]
# fmt: on
ROLES = [Lead.Role.BUYER, Lead.Role.ICT, Lead.Role.FACILITY, Lead.Role.OTHER]
ROLE_WEIGHTS = [35, 30, 20, 15]
CAMPAIGNS = [
    # weight, utm_source, utm_medium, utm_campaign, referrer
    (45, "", "", "", "https://www.google.com/"),
    (20, "", "", "", ""),
    (15, "linkedin", "social", "najaar-2026", "https://www.linkedin.com/"),
    (12, "mailchimp", "email", "nieuwsbrief", ""),
    (8, "google", "cpc", "adviesvaardigheden", "https://www.google.com/"),
]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
]
NOTES = {
    Lead.Status.CONTACTED: [
        "Gebeld, kreeg voicemail. Mail gestuurd met de startdata.",
        "Kort gesproken: leest de brochure eerst met haar manager.",
        "Wil weten of de training ook in het voorjaar in Amersfoort kan.",
        "Belangstelling voor twee collega's; vraagt naar groepskorting.",
    ],
    Lead.Status.QUALIFIED: [
        "Budget is rond, wacht op akkoord van de afdelingsmanager.",
        "Twijfelt tussen klassikaal en online. Proefsessie aangeboden.",
        "Interesse in een in-company traject voor acht personen.",
        "Offerte gestuurd voor drie deelnemers.",
    ],
    Lead.Status.ENROLLED: [
        "Ingeschreven voor de eerstvolgende startdatum.",
        "Inschrijving ontvangen, factuur naar de afdeling inkoop.",
        "Aangemeld met een collega, beiden voor dezelfde groep.",
    ],
    Lead.Status.LOST: [
        "Kiest voor een interne opleiding.",
        "Geen budget dit jaar; volgend jaar opnieuw benaderen.",
        "Reageert niet meer op mail en telefoon.",
        "Heeft een andere aanbieder gekozen.",
    ],
}
NEXT_STEPS = [
    "Terugbellen over de startdata",
    "Offerte nasturen",
    "Navragen of het budget is goedgekeurd",
    "Proefsessie inplannen",
    "Mail met de in-company mogelijkheden",
]
MAILCHIMP_ERRORS = [
    "400 Invalid Resource: <address> looks fake or invalid, please enter a real email address.",
    "400 Member In Compliance State: <address> is in a compliance state due to unsubscribe, bounce or spam report.",
    "Gave up after 8 attempts: 503 Service Unavailable",
]
SPAM_REASONS = ["honeypot", "too_fast", "no_timestamp"]
# channel, outcome, note: the first contact of a lead that moves on in the pipeline ...
FIRST_CONTACTS = [
    ("call", "interested", "Gebeld: heeft de brochure gelezen en wil de startdata weten."),
    ("call", "interested", "Goed gesprek, twee collega's hebben ook belangstelling."),
    ("call", "call_back", "Zat in een overleg; morgenochtend terugbellen."),
    ("call", "left_message", "Voicemail ingesproken met mijn directe nummer."),
    ("email", "sent", "Mail gestuurd met de startdata en de prijs voor groepen."),
    ("email", "sent", "Brochure nagestuurd met een voorstel voor een kennismakingsgesprek."),
    ("meeting", "interested", "Kort videogesprek: programma en certificering doorgenomen."),
]
# ... and the attempts on a lead still at New: nobody reached yet.
ATTEMPTS = [
    ("call", "no_answer", "Geen gehoor, morgen opnieuw proberen."),
    ("call", "left_message", "Voicemail ingesproken, mail volgt."),
    ("email", "sent", "Mail gestuurd met de vraag wanneer bellen schikt."),
    ("call", "call_back", "Collega nam op: na de vakantie terugbellen."),
]
# A later contact on a lead that came further: the conversation goes on.
LATER_CONTACTS = [
    ("call", "interested", "Vragen over de toetsing beantwoord; offerte volgt."),
    ("meeting", "interested", "Op kantoor langs geweest: wil met drie mensen starten."),
    ("email", "sent", "Offerte en inschrijflink gemaild."),
    ("call", "call_back", "Wacht op akkoord van de manager; volgende week terugbellen."),
]


def load() -> list[str]:
    """Every step of the demo history, in order; each reports one line."""
    return [step() for step in STEPS]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _address(first: str, last: str, taken: set[str]) -> str:
    """``Voornaam.Achternaam@example.nl`` as a person types it; a number when it is taken."""
    local = f"{first}.{last.replace(' ', '')}"
    local = "".join(char for char in unicodedata.normalize("NFKD", local) if char.isalnum() or char == ".")
    address, number = f"{local}@{DEMO_DOMAIN}", 1
    while _ascii(address) in taken:
        number += 1
        address = f"{local}{number}@{DEMO_DOMAIN}"
    taken.add(_ascii(address))
    return address


def _sales_team() -> list:
    """The demo Sales users; they exist to own leads and have no password (set one to log in as them)."""
    group = Group.objects.filter(name=SALES_GROUP).first()
    users = []
    for username, first_name, last_name in SALES_PEOPLE:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{_ascii(first_name)}.{_ascii(last_name).replace(' ', '')}@{DEMO_DOMAIN}",
                "is_staff": True,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if group:
                user.groups.add(group)
        users.append(user)
    return users


@dataclass
class _Planned:
    """One demo lead with everything that happened to it, before it is written."""

    lead: Lead
    requests: list[BrochureRequest] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    activities: list[LeadActivity] = field(default_factory=list)


def _at(rng: random.Random, day: datetime.date, earliest: datetime.datetime | None = None) -> datetime.datetime:
    """A moment on ``day`` during office hours mostly (people read in the evening too)."""
    hour = rng.choice([8, 9, 9, 10, 10, 11, 12, 13, 14, 14, 15, 16, 19, 20, 21])
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60))))
    if earliest and moment <= earliest:
        moment = earliest + datetime.timedelta(minutes=rng.randrange(5, 180))
    return moment


def _plan(rng, *, number, today, now, courses, sources, urls, team, taken, desk, created_at=None) -> _Planned:
    if created_at is None:
        # Half spread evenly, half more often recent: requests grow steadily over the months.
        age = int(DAYS * (rng.random() if rng.random() < 0.5 else 1 - math.sqrt(rng.random())))
        created_at = min(_at(rng, today - datetime.timedelta(days=age)), now - datetime.timedelta(minutes=number + 5))
    else:
        age = (today - timezone.localdate(created_at)).days
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = email_normalise(email=_address(first, last, taken))
    is_spam = rng.random() < 0.06
    lead = Lead(
        email=email,
        email_key=email_key(email=email),
        first_name=first,
        last_name=last,
        company=rng.choice(COMPANIES),
        role=rng.choices(ROLES, weights=ROLE_WEIGHTS)[0],
        phone=f"06 {rng.randrange(10000000, 99999999)}" if rng.random() < 0.45 else "",
        created_at=created_at,
        is_spam=is_spam,
        spam_reason=rng.choice(SPAM_REASONS) if is_spam else "",
    )
    planned = _Planned(lead=lead)
    activity = _timeline(planned)
    activity(LeadActivity.Kind.CREATED, created_at)

    # The brochure requests: one, sometimes a second course later.
    request_times = [created_at]
    if not is_spam and age > 14 and rng.random() < 0.18:
        later = created_at + datetime.timedelta(days=rng.randrange(2, age), hours=rng.randrange(8))
        request_times.append(min(later, now - datetime.timedelta(minutes=1)))
    for index, at in enumerate(request_times):
        course = rng.choice(courses)
        source = rng.choice(sources[course.pk])
        _weight, utm_source, utm_medium, utm_campaign, referrer = rng.choices(
            CAMPAIGNS, weights=[row[0] for row in CAMPAIGNS]
        )[0]
        downloads = 0 if is_spam else rng.choice([0, 1, 1, 1, 2, 3])
        request = BrochureRequest(
            course=course,
            course_title=course.title,
            source_page=source,
            source_url=urls[source.pk],
            landing_page=urls[source.pk],
            referrer=referrer,
            utm_source=utm_source,
            utm_medium=utm_medium,
            utm_campaign=f"{utm_campaign}-{at:%Y}" if utm_campaign == "nieuwsbrief" else utm_campaign,
            ip_address=f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(1, 255)}",
            user_agent=rng.choice(USER_AGENTS),
            is_spam=is_spam,
            spam_reason=lead.spam_reason,
            download_count=downloads,
            last_downloaded_at=at + datetime.timedelta(minutes=rng.randrange(1, 90)) if downloads else None,
            confirmation_sent_at=None if is_spam else at + datetime.timedelta(seconds=rng.randrange(5, 60)),
            created_at=at,
            submitted_details={name: getattr(lead, name) for name in Lead.DETAIL_FIELDS},
        )
        planned.requests.append(request)
        suffix = f" ({lead.spam_reason})" if is_spam else ""
        activity(LeadActivity.Kind.REQUEST, at, message=f"Brochure: {course.title}{suffix}")
        if index == 0 and not is_spam and rng.random() < 0.55:
            lead.marketing_consent = request.marketing_consent = True
            planned.consents.append(
                ConsentRecord(
                    action=ConsentRecord.Action.GIVEN,
                    source=ConsentRecord.Source.FORM,
                    wording=consent_wording(),
                    version=CONSENT_VERSION,
                    page_url=request.source_url[:500],
                    created_at=at,
                )
            )
    _plan_mailchimp(rng, planned, now=now, age=age)
    if not is_spam:
        _plan_sales(rng, planned, team=team, desk=desk, today=today, now=now, age=age)
        _plan_due_times(planned, desk=desk)
    lead.last_activity_at = max(item.created_at for item in planned.activities)
    return planned


@dataclass
class _Desk:
    """What the whole history shares about the sales desk: its deadline, the demo admin, the moment."""

    hours: int
    now: datetime.datetime
    admin: object = None
    fresh: bool = False  # planning one of the ``FRESH_COUNT`` leads still waiting for first contact
    owner: object = None  # who the fresh lead goes to


def _plan_due_times(planned: _Planned, *, desk: _Desk) -> None:
    """The first-contact clock as capture starts it: each request before the first contact is due."""
    lead = planned.lead
    for request in planned.requests:
        if lead.first_contacted_at is None or request.created_at < lead.first_contacted_at:
            request.first_contact_due_at = first_contact_due(start=request.created_at, hours=desk.hours)
    lead.contact_clock_started_at = lead.created_at
    lead.first_contact_due_at = planned.requests[0].first_contact_due_at


def _contact_moment(speed: random.Random, *, lead: Lead, desk: _Desk, age: int) -> datetime.datetime | None:
    """When the owner first got in touch: mostly within the deadline, some late, the newest not yet."""
    if desk.fresh or (age == 0 and speed.random() < 0.6):
        return None
    hours = datetime.timedelta(hours=desk.hours)
    if speed.random() < LATE_SHARE:
        due = first_contact_due(start=lead.created_at, hours=desk.hours)
        moment = working_time_add(start=due, duration=hours * speed.uniform(0.1, 3))
    else:
        moment = working_time_add(start=lead.created_at, duration=hours * speed.uniform(0.03, 0.95))
    # A contact the deadline puts after now has not happened yet: the lead is still waiting.
    return moment if moment < desk.now else None


def _log_contact(planned: _Planned, choice: tuple[str, str, str], at: datetime.datetime, *, owner) -> None:
    """A logged call, e-mail or meeting, as ``lead_log_contact`` leaves it on the timeline."""
    channel, outcome, note = choice
    planned.activities.append(
        LeadActivity(
            kind=LeadActivity.Kind.CONTACT,
            created_at=at,
            message=note,
            channel=channel,
            outcome=outcome,
            user=owner,
        )
    )


def _first_contact_record(lead: Lead, at: datetime.datetime) -> None:
    """Stop the clock as ``lead_first_contact_record`` does: the moment and the working time it took."""
    lead.first_contacted_at = at
    lead.first_contact_working_seconds = int(working_time_between(start=lead.created_at, end=at).total_seconds())


def _fresh_moments(desk: _Desk) -> list[datetime.datetime]:
    """When the ``FRESH_COUNT`` newest requests came in: due later today, overdue, and due later on.

    Tried every ten minutes over the last three days with the deadline rule itself, so the
    mix holds whenever the demo is loaded (no lead is due "today" on a Sunday, as in life).
    """
    now, end_of_today = desk.now, working_day_end(day=timezone.localdate(desk.now))
    kinds: dict[str, list[datetime.datetime]] = {"today": [], "overdue": [], "later": []}
    for step in range(3, 3 * 24 * 6):
        created_at = now - datetime.timedelta(minutes=10 * step)
        due = first_contact_due(start=created_at, hours=desk.hours)
        kind = "overdue" if due < now else "today" if due <= end_of_today else "later"
        kinds[kind].append(created_at)
    wanted = {"today": 3, "overdue": 3, "later": 2}
    moments = []
    for kind, count in wanted.items():
        found = kinds[kind]
        moments += [found[(index * len(found)) // count] for index in range(min(count, len(found)))]
    return sorted(moments, reverse=True)[:FRESH_COUNT]


def _timeline(planned: _Planned):
    """A function that adds one timeline entry to ``planned``."""

    def add(kind, at, *, message="", old="", new="", user=None):
        planned.activities.append(
            LeadActivity(kind=kind, created_at=at, message=message, old_value=old[:100], new_value=new[:100], user=user)
        )

    return add


def _plan_mailchimp(rng, planned: _Planned, *, now, age: int) -> None:
    """Every Mailchimp state: synced, pending (just in), failed, not sent; some unsubscribed later."""
    lead = planned.lead
    activity = _timeline(planned)
    if not lead.marketing_consent:
        lead.mailchimp_state = Lead.MailchimpState.NOT_SENT
        return
    requested = lead.created_at
    if age <= 2 and rng.random() < 0.6:
        lead.mailchimp_state = Lead.MailchimpState.PENDING
        lead.mailchimp_next_attempt_at = now + datetime.timedelta(minutes=rng.randrange(5, 50))
        return
    if age <= 20 and rng.random() < 0.15:
        # Mailchimp was briefly unreachable: the sync is retried with backoff.
        lead.mailchimp_state = Lead.MailchimpState.PENDING
        lead.mailchimp_attempts = rng.randrange(1, 4)
        lead.mailchimp_error = "503 Service Unavailable"
        lead.mailchimp_next_attempt_at = now + datetime.timedelta(minutes=rng.randrange(5, 50))
        activity(
            LeadActivity.Kind.MAILCHIMP,
            min(requested + datetime.timedelta(minutes=1), now),
            message=f"Mailchimp will retry: {lead.mailchimp_error}",
            new=Lead.MailchimpState.PENDING,
        )
        return
    if rng.random() < 0.07:
        lead.mailchimp_state = Lead.MailchimpState.FAILED
        lead.mailchimp_error = rng.choice(MAILCHIMP_ERRORS)
        lead.mailchimp_attempts = 8 if lead.mailchimp_error.startswith("Gave up") else 1
        activity(
            LeadActivity.Kind.MAILCHIMP,
            requested + datetime.timedelta(minutes=2),
            message=f"Mailchimp failed: {lead.mailchimp_error}",
            new=Lead.MailchimpState.FAILED,
        )
        return
    lead.mailchimp_state = Lead.MailchimpState.SYNCED
    lead.mailchimp_attempts = 1
    lead.mailchimp_synced_at = requested + datetime.timedelta(seconds=rng.randrange(20, 300))
    lead.mailchimp_sync_version = 1
    activity(
        LeadActivity.Kind.MAILCHIMP,
        lead.mailchimp_synced_at,
        message="Sent to Mailchimp; tags added",
        new=Lead.MailchimpState.SYNCED,
    )
    if age > 30 and rng.random() < 0.1:
        # Unsubscribed later through Mailchimp: what its webhook has ``consent_withdraw`` write.
        at = min(lead.mailchimp_synced_at + datetime.timedelta(days=rng.randrange(7, age)), now)
        planned.consents.append(
            ConsentRecord(
                action=ConsentRecord.Action.WITHDRAWN,
                source=ConsentRecord.Source.MAILCHIMP,
                wording=consent_wording(),
                version=CONSENT_VERSION,
                created_at=at,
            )
        )
        lead.marketing_consent = False
        lead.unsubscribed_at = at
        note = "Unsubscribed through Mailchimp (list webhook); no more marketing mail."
        message = f"Consent for marketing mail withdrawn ({ConsentRecord.Source.MAILCHIMP.label}). {note}"
        activity(LeadActivity.Kind.CONSENT, at, message=message, old="given", new="withdrawn")


def _plan_sales(rng, planned: _Planned, *, team, desk: _Desk, today, now, age: int) -> None:
    """Owner, first contact, status moves, notes and the next follow-up, further along for older leads.

    The speed-to-lead choices draw from a generator of their own, seeded per lead, so that
    they never shift ``rng``: the same people are planned whatever the day of loading.
    """
    lead = planned.lead
    activity = _timeline(planned)
    speed = random.Random(f"{SEED}:{lead.email}")  # noqa: S311  (made-up demo data)
    if age == 0 and not desk.fresh and rng.random() < 0.6:
        return  # today's leads often wait for someone to pick them up
    owner = rng.choice(team)
    rng.randrange(1, 30)  # once the hours until someone took the lead; kept so the seeded plan stays the same
    if desk.admin is not None and speed.random() < DEMO_ADMIN_SHARE:
        owner = desk.admin
    owner = desk.owner or owner
    # Assigned by the rotation as the request came in (the owner is told by e-mail).
    assigned_at = min(lead.created_at + datetime.timedelta(seconds=speed.randrange(2, 20)), now)
    lead.owner = owner
    activity(LeadActivity.Kind.OWNER, assigned_at, message=ASSIGNED_ROTATION, new=owner.get_username())
    if desk.fresh:
        return
    # How far a lead of this age has come in the pipeline.
    if age < 3:
        path = rng.choices([[], [Lead.Status.CONTACTED]], weights=[3, 1])[0]
    elif age < 21:
        path = rng.choices(
            [[], [Lead.Status.CONTACTED], [Lead.Status.CONTACTED, Lead.Status.QUALIFIED]], weights=[4, 4, 2]
        )[0]
    else:
        path = rng.choice(
            [
                [Lead.Status.CONTACTED],
                [Lead.Status.CONTACTED, Lead.Status.QUALIFIED],
                [Lead.Status.CONTACTED, Lead.Status.QUALIFIED, Lead.Status.ENROLLED],
                [Lead.Status.CONTACTED, Lead.Status.QUALIFIED, Lead.Status.ENROLLED],
                [Lead.Status.CONTACTED, Lead.Status.LOST],
                [Lead.Status.CONTACTED, Lead.Status.QUALIFIED, Lead.Status.LOST],
            ]
        )
    at = assigned_at
    contacted_at = _contact_moment(speed, lead=lead, desk=desk, age=age)
    if path and contacted_at is None:
        contacted_at = min(lead.created_at + datetime.timedelta(minutes=speed.randrange(10, 90)), now)
    if contacted_at is not None and (path or speed.random() < 0.8):
        # A lead that moves on was reached first; one still at New mostly had an attempt.
        _log_contact(planned, speed.choice(FIRST_CONTACTS if path else ATTEMPTS), contacted_at, owner=owner)
        _first_contact_record(lead, contacted_at)
        at = contacted_at
    status = Lead.Status.NEW
    for step in path:
        span = max(1, min(age, 40) // (len(path) + 1))
        at = min(at + datetime.timedelta(days=rng.randrange(0, span + 1), hours=rng.randrange(1, 6)), now)
        activity(LeadActivity.Kind.STATUS, at, message=rng.choice(NOTES[step]), old=status, new=step, user=owner)
        status = step
    lead.status = status
    if len(path) >= 2 and speed.random() < 0.6:
        # Between the first contact and the latest move: the conversation that got the lead there.
        worked = working_time_between(start=contacted_at, end=at) * speed.uniform(0.3, 0.9)
        later = min(working_time_add(start=contacted_at, duration=worked), now)
        _log_contact(planned, speed.choice(LATER_CONTACTS), later, owner=owner)
    if rng.random() < 0.35:
        note_at = min(at + datetime.timedelta(hours=rng.randrange(1, 48)), now)
        activity(LeadActivity.Kind.NOTE, note_at, message=rng.choice(NOTES[Lead.Status.CONTACTED]), user=owner)
    if status in (Lead.Status.NEW, Lead.Status.CONTACTED, Lead.Status.QUALIFIED):
        # Follow-ups: most upcoming, some overdue (the dashboard and listing show them), planned
        # once someone spoke to the lead, and never for a day before it was planned.
        offset = rng.choice([-6, -3, -1, 0, 1, 2, 3, 4, 6, 8, 10, 14])
        next_step = rng.choice(NEXT_STEPS)
        planned_at = min(at + datetime.timedelta(minutes=rng.randrange(5, 120)), now)
        if lead.first_contacted_at is None:
            return
        lead.next_follow_up = max(today + datetime.timedelta(days=offset), timezone.localdate(planned_at))
        lead.next_step = next_step
        activity(
            LeadActivity.Kind.FOLLOW_UP,
            planned_at,
            message=lead.next_step,
            new=lead.next_follow_up.isoformat(),
            user=owner,
        )


def leads_history() -> str:
    """About 320 leads over six months: every status, owner, consent and Mailchimp state."""
    courses = list(CoursePage.objects.live().order_by("path"))
    if not courses:
        return "Leads: no courses yet (load the demo content first)"
    articles = list(ArticlePage.objects.live().select_related("related_course").order_by("path"))
    # Where requests come from: the course page itself, or an article that promotes it.
    sources = {course.pk: [course] for course in courses}
    for article in articles:
        if article.related_course_id in sources:
            sources[article.related_course_id] += [article, article]  # articles bring most readers
    urls = {page.pk: page.get_full_url() or "" for pages in sources.values() for page in pages}
    team = _sales_team()
    rng = random.Random(SEED)  # noqa: S311  (made-up demo data, the same on every run)
    today = timezone.localdate()
    now = timezone.now()
    taken: set[str] = set()
    admin = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    desk = _Desk(hours=lead_settings_current().first_contact_hours, now=now, admin=admin)
    shared = {"today": today, "now": now, "courses": courses, "sources": sources, "urls": urls, "taken": taken}
    plans = [_plan(rng, number=number, team=team, desk=desk, **shared) for number in range(LEAD_COUNT)]
    # The newest leads, each with a generator of its own: the same people whatever the hour.
    owners = [admin or team[0], team[1], admin or team[2], team[0]]
    for number, created_at in enumerate(_fresh_moments(desk)):
        fresh = dataclasses.replace(desk, fresh=True, owner=owners[number % len(owners)])
        fresh_rng = random.Random(f"{SEED}:fresh:{number}")  # noqa: S311  (made-up demo data)
        plans.append(_plan(fresh_rng, number=number, team=team, desk=fresh, created_at=created_at, **shared))
    existing = set(
        Lead.objects.filter(email_key__in=[plan.lead.email_key for plan in plans]).values_list("email_key", flat=True)
    )
    plans = [plan for plan in plans if plan.lead.email_key not in existing]
    if not plans:
        return f"Leads: {len(existing)} demo leads up to date"
    leads = Lead.objects.bulk_create([plan.lead for plan in plans])
    requests, consents, activities = [], [], []
    for plan, lead in zip(plans, leads, strict=True):
        for request in plan.requests:
            request.lead = lead
        requests += plan.requests
    BrochureRequest.objects.bulk_create(requests)
    for plan, lead in zip(plans, leads, strict=True):
        first_request = plan.requests[0]
        for consent in plan.consents:
            consent.lead = lead
            if consent.action == ConsentRecord.Action.GIVEN:
                consent.brochure_request = first_request
        consents += plan.consents
        for item in plan.activities:
            item.lead = lead
        activities += plan.activities
    ConsentRecord.objects.bulk_create(consents)
    LeadActivity.objects.bulk_create(activities)
    # ``updated_at`` is set to now on every save; the history says when each lead last changed.
    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(updated_at=F("last_activity_at"))
    return f"Leads: {len(leads)} demo leads created over {DAYS} days"


#: The history steps ``load_demo_content --history`` runs, in order. Add one function per
#: kind of history (response times, ...); each must be idempotent on its own and return a
#: line for the report. The page counts come after the leads: they follow the requests.
STEPS = [leads_history, demo_counts_load]
