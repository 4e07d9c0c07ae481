"""Project-wide admin assets: Gongzhi's admin stylesheet and its small scripts, loaded from static
files on every admin page (the Content-Security-Policy allows no inline style or script); Wagtail's
widgets and inline panels start from inert data instead of inline scripts (gongzhi/admin_scripts.py)."""

from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from wagtail import hooks

from .admin_scripts import patch_wagtail_admin

patch_wagtail_admin()


@hooks.register("insert_global_admin_css")
def gongzhi_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def gongzhi_admin_js():
    # admin-init.js is not deferred: it must see the page as soon as it is parsed (see the file).
    return format_html_join("", '<script src="{}"{}></script>', [
        (static("js/admin-init.js"), ""), (static("js/autosubmit.js"), " defer"),
    ])
