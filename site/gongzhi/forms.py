"""The project's form renderer: every ``{{ form }}`` and ``{{ field.as_field_group }}`` on the site uses
one field template (gongzhi/forms/field.html: label without a trailing colon, help text tied to the
input, errors, then the widget), styled once in static/css/forms.css."""

from django.forms.renderers import DjangoTemplates


class SiteFormRenderer(DjangoTemplates):
    form_template_name = "gongzhi/forms/div.html"
    field_template_name = "gongzhi/forms/field.html"
