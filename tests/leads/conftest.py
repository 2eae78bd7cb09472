"""Fixtures for the leads tests."""

from tests.fakes.fixtures import fake_mailchimp_server, mailchimp_configured  # noqa: F401
