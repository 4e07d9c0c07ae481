from django.core.management.base import BaseCommand

from engagement.insights.routing import train


class Command(BaseCommand):
    help = "Retrain the department suggestion (naive Bayes) from demands forwarded and not returned."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Hand the job to the insights worker's queue.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from engagement.insights.tasks import train_routing_task

            self.stdout.write(f"Enqueued on the insights queue: {train_routing_task.enqueue().id}")
            return
        model = train()
        if model is None:
            self.stdout.write("Too little routing history; suggestions fall back to each topic's default department.")
        else:
            self.stdout.write(f"Trained on {model.samples} demands.")
