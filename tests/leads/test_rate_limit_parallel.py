"""The brochure rate limit holds when one address sends many forms at the same moment.

Real parallel requests against the site as in production (gunicorn, two worker processes
with four threads each) on a database of its own: SQLite, or PostgreSQL in the suite's
PostgreSQL run. The limit is counted in that database, in one statement per request.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.fakes.live_site import LiveSite

pytestmark = pytest.mark.live_site


def test_parallel_forms_from_one_address_get_exactly_the_limit_through():
    with LiveSite(extra_env={"BROCHURE_RATE_LIMIT": "5"}) as site:
        site.start_web()
        emails = [f"tegelijk-{number}@covalis-klant.nl" for number in range(12)]
        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(lambda email: site.post_brochure(email=email, address="203.0.113.9"), emails))

        statuses = [answer.status for answer in answers]
        assert sorted(statuses) == [303] * 5 + [429] * 7
        stored = site.stored_emails()
        assert stored == {email for email, status in zip(emails, statuses, strict=True) if status == 303}
        for email, answer in zip(emails, answers, strict=True):
            if answer.status == 429:
                assert "probeer het over 10 minuten opnieuw" in answer.text
                assert f'value="{email}"' in answer.text  # the form again, as typed
        # Another address is not affected.
        assert site.post_brochure(email="ander-adres@covalis-klant.nl", address="203.0.113.10").status == 303
