"""Public URLs of the brochure funnel, included under ``brochure/`` by ``website/urls.py``."""

from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path("aanvragen/", views.brochure_submit, name="brochure_submit"),
    path("formulier-token/", views.brochure_form_token, name="brochure_form_token"),
    path("bedankt/<str:token>/", views.brochure_thanks, name="brochure_thanks"),
    path("download/<str:token>/", views.brochure_download, name="brochure_download"),
]
