"""The marketing consent wording shown next to the box on the brochure form, and its version.

The exact wording and its version are stored in every ``ConsentRecord``: change the text,
change the version, so the records keep proving what each person agreed to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11-v1"

CONSENT_WORDING = _(
    "Ja, stuur mij af en toe per e-mail nieuws over trainingen van Covalis. "
    "Afmelden kan altijd, met één klik onderaan elke e-mail."
)


def consent_wording() -> str:
    """The wording as shown to the visitor (and stored with the consent)."""
    return str(CONSENT_WORDING)
