"""python manage.py seed_demo — create the demo county (idempotent) and print the demo logins.

Each app may add its own demo data in a `demo.py` module with `seed(stdout=None)`; they run after
the organisation tree, in INSTALLED_APPS order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from houqin.org import demo


class Command(BaseCommand):
    help = "Create the demo county, its schools and demo accounts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only seed when no school exists yet.")
        parser.add_argument(
            "--force", action="store_true", help="Seed even with DEBUG off (demo accounts share a known password)."
        )

    def handle(self, *args, if_empty=False, force=False, **options):
        from django.conf import settings

        from houqin.org.models import School

        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with a published password; use --force on a demo server.")
        from django.utils import translation

        translation.activate(settings.LANGUAGE_CODE)  # history reasons and texts in the portal's language
        if if_empty and School.objects.exists():
            self.stdout.write("schools exist already; demo data not loaded")
            return
        county, accounts = demo.seed(stdout=self.stdout)
        for config in apps.get_app_configs():
            if config.name == "houqin.org":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {demo.DEMO_PASSWORD})"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<12} {account.full_name:<4}  {account.describe}")
