"""Mailchimp's list webhook, included under ``mailchimp/`` by ``website/urls.py``."""

from django.urls import path

from leads import webhooks

app_name = "mailchimp"

urlpatterns = [
    path("webhook/<str:secret>/", webhooks.mailchimp_webhook, name="webhook"),
]
