from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        # Connect the page cache's purge signals at start-up, not when Wagtail first
        # looks for hooks, so content changed by a command or a task purges too.
        from website import wagtail_hooks  # noqa: F401
        from website.admin_labels import chooser_labels_translate_per_request

        chooser_labels_translate_per_request()
