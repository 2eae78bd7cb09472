"""Insight: which pages turn readers into leads, measured without cookies or a tracker (issue 16).

``services`` reads and counts beacons and moves the counts to the daily totals, ``store`` keeps
them until then (Redis), ``views`` is the beacon endpoint, ``report`` computes the figures of
the admin reports (``leads.admin.insight_report``) and ``demo`` fills the demo with counts.
"""
