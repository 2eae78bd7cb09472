"""X-Forwarded-For is believed only from our own proxy (issue 13.3).

gunicorn listens on every interface and the proxy is optional, so a request may come
straight from the visitor with any X-Forwarded-For it likes. Only a request whose peer is
in FORWARDED_ALLOW_IPS may name the visitor's address; garbage never switches the brochure
rate limit or the admin login lockout off, and never makes the login answer 500.
"""

import pytest
from django.test import Client, RequestFactory

from leads.models import BrochureRequest
from tests.leads.factories import course_site
from tests.leads.funnel import SUBMIT_URL, submission
from tests.leads.sales_fixtures import make_user
from website.security import client_ip

PROXY = "10.0.0.2"
VISITOR = "203.0.113.5"
GARBAGE = ["unknown", "", " ", "1.2.3", "999.1.1.1", "::zz", "x" * 300, "<script>", "1.2.3.4/24", "\\x00"]


@pytest.fixture
def behind_a_proxy(settings):
    """Production's setting: one proxy in front, at PROXY."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [PROXY, "::1"]
    return settings


def address(remote_addr: str, forwarded_for: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra))


def test_a_request_straight_to_the_server_is_known_by_its_own_address(behind_a_proxy):
    assert address(VISITOR, "198.51.100.7") == VISITOR


def test_through_the_proxy_the_visitor_is_the_address_the_proxy_saw(behind_a_proxy):
    assert address(PROXY, "6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert address(PROXY) == PROXY  # the proxy's own requests, e.g. health checks


def test_proxies_may_be_named_as_networks_or_as_any(behind_a_proxy):
    behind_a_proxy.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address("10.1.2.3", "198.51.100.7") == "198.51.100.7"
    assert address("11.0.0.1", "198.51.100.7") == "11.0.0.1"
    behind_a_proxy.TRUSTED_PROXIES = ["*"]
    assert address("11.0.0.1", "198.51.100.7") == "198.51.100.7"


def test_a_port_added_by_the_proxy_is_dropped(behind_a_proxy):
    assert address(PROXY, "198.51.100.7:51234") == "198.51.100.7"
    assert address(PROXY, "[2001:db8::1]:443") == "2001:db8::1"


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_from_the_proxy_counts_as_the_proxy_never_as_no_address(behind_a_proxy, garbage):
    assert address(PROXY, garbage.replace("\\x00", "\x00")) == PROXY


def test_a_configuration_entry_that_is_no_address_trusts_nobody(behind_a_proxy):
    behind_a_proxy.TRUSTED_PROXIES = ["proxy.internal", ""]
    assert address(PROXY, "198.51.100.7") == PROXY


# The same through the site ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_brochure_rate_limit_cannot_be_reset_with_a_forged_header(behind_a_proxy):
    behind_a_proxy.BROCHURE_RATE_LIMIT = 2
    course = course_site()
    client = Client()
    answers = [
        client.post(
            SUBMIT_URL,
            submission(course, email=f"persoon{number}@gemeente-utrecht.nl"),
            REMOTE_ADDR=VISITOR,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        ).status_code
        for number in range(3)
    ]

    assert answers == [303, 303, 429]
    assert set(BrochureRequest.objects.values_list("ip_address", flat=True)) == {VISITOR}


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", ["unknown", "1.2.3", "x" * 300])
def test_garbage_in_the_header_never_switches_the_rate_limit_off(behind_a_proxy, garbage):
    behind_a_proxy.BROCHURE_RATE_LIMIT = 2
    course = course_site()
    client = Client()
    answers = [
        client.post(
            SUBMIT_URL,
            submission(course, email=f"persoon{number}@gemeente-utrecht.nl"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=garbage,
        ).status_code
        for number in range(3)
    ]

    assert answers == [303, 303, 429]
    assert None not in BrochureRequest.objects.values_list("ip_address", flat=True)


def log_in(password: str, **headers):
    return Client(raise_request_exception=False).post(
        "/admin/login/", {"username": "editor", "password": password}, **headers
    )


@pytest.mark.django_db
def test_the_login_lockout_cannot_be_reset_with_a_forged_header(behind_a_proxy):
    make_user("editor", is_staff=True, is_superuser=True)
    for number in range(5):
        log_in("wrong-password", REMOTE_ADDR=VISITOR, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = log_in("secret-pass", REMOTE_ADDR=VISITOR, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", ["unknown", "1.2.3", "x" * 300])
def test_garbage_in_the_header_never_breaks_the_admin_login(behind_a_proxy, garbage):
    make_user("editor", is_staff=True, is_superuser=True)

    wrong = log_in("wrong-password", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=garbage)
    right = log_in("secret-pass", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=garbage)

    assert wrong.status_code == 200  # the form again, with its message
    assert right.status_code == 302
