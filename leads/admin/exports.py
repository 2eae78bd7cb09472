"""Exports of the lead listing: which columns, and values made safe for spreadsheets."""

import csv
import datetime

from django.utils.translation import gettext_lazy as _

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets (CSV/formula injection); a leading quote makes it plain text. Excel also
# reads the full-width forms as formula signs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# The CSV is written for Excel with a Dutch locale, the sales desk's spreadsheet: it splits
# cells on ";" (its list separator) and reads UTF-8 only after a byte-order mark. Every cell
# is quoted, so a ";" inside a value can never start a new cell (where a formula would run).
# Spreadsheets set to another locale open the XLSX export, which needs no separator.
CSV_BYTE_ORDER_MARK = "\ufeff".encode()
CSV_FORMAT = {"delimiter": ";", "quoting": csv.QUOTE_ALL, "lineterminator": "\r\n"}


def spreadsheet_safe(value):
    """``value`` with a leading single quote if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _latest(lead):
    return lead.latest_requests[0] if getattr(lead, "latest_requests", None) else None


def lead_courses(lead) -> str:
    seen = []
    for request in getattr(lead, "latest_requests", []):
        if request.course_title not in seen:
            seen.append(request.course_title)
    return ", ".join(seen)


def lead_source_page(lead) -> str:
    request = _latest(lead)
    if request is None:
        return ""
    if request.source_page_id and request.source_page:
        return request.source_page.title
    return request.source_url


def lead_utm_campaign(lead) -> str:
    request = _latest(lead)
    return request.utm_campaign if request else ""


def lead_source(lead) -> str:
    return " · ".join(part for part in (lead_source_page(lead), lead_utm_campaign(lead)) if part)


def lead_owner(lead) -> str:
    if not lead.owner_id or lead.owner is None:
        return ""
    return lead.owner.get_full_name() or lead.owner.get_username()


def lead_requested_at(lead):
    return getattr(lead, "latest_request_at", None)


def _yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


# (key, heading, value function) in the order of the exported columns.
EXPORT_COLUMNS = [
    ("first_name", _("First name"), lambda lead: lead.first_name),
    ("last_name", _("Last name"), lambda lead: lead.last_name),
    ("email", _("E-mail"), lambda lead: lead.email),
    ("phone", _("Phone"), lambda lead: lead.phone),
    ("company", _("Company"), lambda lead: lead.company),
    ("role", _("Role"), lambda lead: lead.get_role_display()),
    ("courses", _("Course(s)"), lead_courses),
    ("source_page", _("Source page"), lead_source_page),
    ("utm_campaign", _("UTM campaign"), lead_utm_campaign),
    ("requested_at", _("Requested at"), lead_requested_at),
    ("status", _("Status"), lambda lead: lead.get_status_display()),
    ("owner", _("Owner"), lead_owner),
    ("next_follow_up", _("Next follow-up"), lambda lead: lead.next_follow_up),
    ("next_step", _("Next step"), lambda lead: lead.next_step),
    ("marketing_consent", _("Marketing consent"), lambda lead: _yes_no(lead.marketing_consent)),
    ("mailchimp_state", _("Mailchimp"), lambda lead: lead.get_mailchimp_state_display()),
    ("is_spam", _("Suspected spam"), lambda lead: _yes_no(lead.is_spam)),
]
EXPORT_FIELDS = [key for key, _heading, _value in EXPORT_COLUMNS]
EXPORT_HEADINGS = {key: heading for key, heading, _value in EXPORT_COLUMNS}
_VALUE_FUNCTIONS = {key: value for key, _heading, value in EXPORT_COLUMNS}


def lead_export_row(lead) -> dict:
    """One exported row, every text value made spreadsheet-safe."""
    row = {}
    for key in EXPORT_FIELDS:
        value = _VALUE_FUNCTIONS[key](lead)
        if value is None:
            value = ""
        elif not isinstance(value, datetime.date):
            value = spreadsheet_safe(str(value))
        row[key] = value
    return row


class _Echo:
    """A file that hands back what is written to it, encoded: rows for a streaming response."""

    def write(self, value: str) -> bytes:
        return value.encode("utf-8")


def csv_stream(*, headings: list[str], rows):
    """The CSV export as bytes, line by line: byte-order mark, headings, then ``rows`` (lists of strings)."""
    writer = csv.writer(_Echo(), **CSV_FORMAT)
    yield CSV_BYTE_ORDER_MARK
    yield writer.writerow([spreadsheet_safe(heading) for heading in headings])
    for row in rows:
        yield writer.writerow(row)
