"""python manage.py bench_data --scale tiny|county|province — fill the (separate, empty) database named
by DATABASE_URL with synthetic data for `make bench`; see houqin/core/benchdata.py."""

from django.core.management.base import BaseCommand, CommandError

from houqin.core.benchdata import SCALES, bench_data_build


class Command(BaseCommand):
    help = "Fill an empty database with synthetic county- or province-scale data for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when benchmark data is there")

    def handle(self, *args, scale, if_empty, **options):
        from houqin.org.models import County

        if County.objects.filter(code__startswith="9").exists():
            if if_empty:
                self.stdout.write("benchmark data is there already")
                return
            raise CommandError("this database holds benchmark data already; use a fresh one")
        self.stdout.write(f"building the {scale} set")
        counts = bench_data_build(SCALES[scale], log=self.stdout.write)
        self.stdout.write(f"{sum(counts.values()):,} rows")
