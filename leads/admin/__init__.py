"""The sales desk in the Wagtail admin (not the Django admin): leads, their follow-up and the funnel report.

Registered from ``leads/wagtail_hooks.py``; kept free of imports so Django's admin
autodiscovery, which imports ``leads.admin``, loads nothing here.
"""
