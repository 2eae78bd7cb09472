"""Keep Wagtail's chooser labels in the admin user's language.

Wagtail 8.0 declares the labels of ``ChooserViewSet`` (the "Search" tab of the document,
image and snippet choosers; "Choose", "Choose another", "Edit", "Create") with ``gettext``,
not ``gettext_lazy``, in ``wagtail/admin/viewsets/chooser.py``. They are translated once,
when the module is imported, into the default language (``LANGUAGE_CODE``, Dutch), so the
English admin showed a "Zoeken" tab. The locale catalogue is not the cause: the msgids are
Wagtail's own and are translated correctly at request time once they are lazy.

These attributes are the viewset's documented, public ones (``#:`` in Wagtail's source).
Setting them lazily again, with Wagtail's msgids, before any chooser is built lets each
request translate them. ``tests/website/test_admin_language.py`` fails if an upgrade
changes this.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

LAZY_LABELS = {
    "search_tab_label": _("Search"),
    "choose_one_text": _("Choose"),
    "choose_another_text": _("Choose another"),
    "edit_item_text": _("Edit"),
    "create_action_label": _("Create"),
}


def chooser_labels_translate_per_request() -> None:
    """Replace the labels Wagtail translated at import time by lazy ones (called from ``ready()``)."""
    for name, label in LAZY_LABELS.items():
        setattr(ChooserViewSet, name, label)
