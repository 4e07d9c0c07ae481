from django.core.management.base import BaseCommand

from engagement.insights.routing import train


class Command(BaseCommand):
    help = "Retrain the department suggestion (naive Bayes) from demands forwarded and not returned."

    def handle(self, *args, **options):
        model = train()
        if model is None:
            self.stdout.write("Too little routing history; suggestions fall back to each topic's default department.")
        else:
            self.stdout.write(f"Trained on {model.samples} demands.")
