"""Project-wide admin assets: Gongzhi's admin stylesheet and its small scripts, loaded from static
files on every admin page (the Content-Security-Policy allows no inline style or script)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def gongzhi_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def gongzhi_admin_js():
    return format_html('<script src="{}" defer></script>', static("js/autosubmit.js"))
