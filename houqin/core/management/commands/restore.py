"""python manage.py restore DIR --yes — replace the database and the uploaded files with a backup
(`make restore FROM=DIR`); see houqin/core/backup.py. Stop the web and worker processes first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from houqin.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and the media folder from a backup folder, then verify every table and file."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="replace the current data without asking")

    def handle(self, *args, source, yes, **options):
        if not yes:
            raise CommandError("restore replaces every row and file of this portal; run it again with --yes")
        try:
            result = restore(Path(source))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored from {source} and verified: {result['tables']} tables, "
                          f"{result['rows']:,} rows, {result['files']} files")
