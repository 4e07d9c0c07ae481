"""The demo site's skeleton: the home page as the default site's root, and its sections."""

from wagtail.models import Page, Site

from content.models import HomePage, SectionPage
from content.site import hostname_and_port

from . import data

HOME_TITLE = "共治"
HOME_SLUG = "gongzhi"


def seed_home(command):
    """The home page (replacing Wagtail's welcome page as the default site's root)."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug=HOME_SLUG, intro="政务新闻、政策解读与居民之声：共建共治共享。")
        root.add_child(instance=home)
        command.created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = hostname_and_port()  # the public address (SITE_URL)
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=HOME_TITLE)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a bare Page at the top with no children.
    for page in Page.objects.child_of(root).exact_type(Page):
        if not page.get_children().exists() and not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home


def seed_sections(command, home):
    """The sections under the home page, published, by slug."""
    result = {}
    existing = {s.slug: s for s in SectionPage.objects.child_of(home)}
    for slug, title, intro, on_home in data.SECTIONS:
        if slug not in existing:
            section = SectionPage(title=title, slug=slug, intro=intro, show_in_home_page=on_home)
            home.add_child(instance=section)
            section.save_revision(log_action=False).publish(log_action=False)
            existing[slug] = section
            command.created += 1
        result[slug] = existing[slug]
    return result
