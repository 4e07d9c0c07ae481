from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "engagement.consultations"
    label = "consultations"

    def ready(self):
        # A consultation sits in a section (栏目), so that it follows that section's moderation mode like
        # the section's stories. Content never names engagement models: this app adds itself to the
        # section's allowed children, before Wagtail first reads (and caches) them.
        from content.models import SectionPage

        model = "consultations.ConsultationPage"
        if model not in SectionPage.subpage_types:
            SectionPage.subpage_types = [*SectionPage.subpage_types, model]
