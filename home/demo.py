"""The demo content: Covalis' home page, its article and its course.

Every object is looked up by a stable key (slug, title) and created only when
missing, so loading twice changes nothing.
"""

from wagtail.models import Page, Site

from home.models import HomePage


def _ensure_home() -> tuple[HomePage, bool]:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home:
        return home, False
    home = HomePage(title="Covalis", slug="home", hero_title="Trainingen die experts overtuigend maken")
    # Wagtail's installer leaves a "Welcome" page at the site root; replace it.
    for default in Page.objects.filter(depth=2, content_type__model="page"):
        default.delete()
    root.refresh_from_db()
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Covalis", "root_page": home},
    )
    return home, True


def load() -> list[str]:
    report = []
    home, created = _ensure_home()
    report.append(f"Home page: {'created' if created else 'up to date'}")
    return report
