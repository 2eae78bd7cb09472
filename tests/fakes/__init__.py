"""Fake external services that run as real servers on loopback (see ``mailchimp_server``)."""
