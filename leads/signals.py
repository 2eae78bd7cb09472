"""Receivers for changes made in Wagtail's own code, where the funnel's promises are at stake.

A brochure document is deleted and a course page is published inside Wagtail (admin
views, bulk actions, scheduled publishing, commands): Wagtail's and Django's signals are
the one place all of them pass. Each receiver only calls a service.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.signals import page_published

from leads import services
from leads.models import CoursePage


@receiver(page_published, dispatch_uid="leads_course_published")
def course_published(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        services.course_waiting_requests_send(course=instance)


@receiver(pre_delete, dispatch_uid="leads_brochure_deleted")
def brochure_deleted(sender, instance, **kwargs):
    if isinstance(instance, get_document_model()):
        services.brochure_deleted(document=instance)
