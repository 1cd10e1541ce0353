"""python manage.py backup [--to DIR] — the database and the uploaded files into one folder
(`make backup`); see houqin/core/backup.py."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from houqin.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media folder with a manifest of checksums and row counts."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="new folder to write (default: backups/<date-time>)")

    def handle(self, *args, to=None, **options):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(to) if to else Path(settings.BASE_DIR) / "backups" / stamp
        try:
            manifest = backup(target)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup written to {target}: {len(manifest['tables'])} tables, {rows:,} rows, "
                          f"{len(manifest['media'])} files")
