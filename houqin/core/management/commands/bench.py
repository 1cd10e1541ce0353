"""python manage.py bench — measure the synthetic data `bench_data` built and write bench-results.json.

- pages: server time through the full Django stack (test client, many requests per page), p50/p95 in
  milliseconds and the SQL query count, named by URL name (houqin/core/benchpages.py), with every
  query slower than 50 ms and its plan;
- pdf_board_median_s: one notice board (A4, and A3) rendered with the project's fonts;
- pdf_batch_boards_per_s, reminder_run_s, excel_import_10k_rows_s, … (houqin/core/benchtasks.py);
- public_rps, public_p95_ms beside baseline_rps under gunicorn and wrk, and mix_rps, mix_p95_ms, mix_errors of
  every key page in turn as its user (houqin/core/benchload.py).
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from houqin.core.benchload import measure_county_load, measure_public_load
from houqin.core.benchpages import bench_world, measure_pages
from houqin.core.benchtasks import measure_excel, measure_pdf_batch, measure_reminders


class Command(BaseCommand):
    help = "Measure the data bench_data built: pages, slow queries, PDFs; print a table, write bench-results.json."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="", help="the name of the data set measured (tiny, county, province)")
        parser.add_argument("--requests", type=int, default=30, help="requests per page")
        parser.add_argument("--output", default="bench-results.json")
        parser.add_argument("--load-seconds", type=int, default=10, help="duration of each load run (wrk)")
        parser.add_argument("--excel-rows", type=int, default=10_000, help="rows of the import/export figure")
        parser.add_argument("--pages-only", action="store_true", help="skip background work, imports and load")
        parser.add_argument("--compare", default="", help="results of another scale whose query counts must be equal")

    def handle(self, *args, scale, requests, output, compare, load_seconds, excel_rows, pages_only,
               **options):
        from houqin.org.models import County, School

        world = bench_world()
        gc.collect()
        gc.freeze()  # as houqin/wsgi.py does: the pages are timed without full collections of what is loaded
        results = {"scale": {"name": scale, "counties": County.objects.count(), "schools": School.objects.count()}}
        results["pages"], results["slow_queries"] = measure_pages(world, requests)
        results.update(measure_pdf(world["notice"]))
        if not pages_only:
            results.update(measure_pdf_batch(world["county"]))
            results.update(measure_reminders())
            results.update(measure_excel(world["canteen"], world["staff"], rows=excel_rows))
            results.update(measure_public_load(world["public_notice_url"], duration_s=load_seconds))
            results.update(measure_county_load(world, duration_s=load_seconds))
        if compare and Path(compare).exists():
            results["query_counts_compared"] = compare_queries(results, json.loads(Path(compare).read_text()))
        Path(output).write_text(json.dumps(results, ensure_ascii=False, indent=2))
        self.print_table(results)
        self.stdout.write(f"\nwritten to {output}")

    def print_table(self, results):
        self.stdout.write(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, figures in results["pages"].items():
            self.stdout.write(f"{name:<36} {figures['page_p50_ms']:>8.1f} {figures['page_p95_ms']:>8.1f} "
                              f"{figures['page_queries']:>8}")
        for key, value in results.items():
            if isinstance(value, (int, float)):
                self.stdout.write(f"{key:<36} {value:>8}")
        compared = results.get("query_counts_compared")
        if compared:
            verdict = "the same" if compared["equal"] else f"DIFFERENT: {compared['differences']}"
            self.stdout.write(f"query counts against {compared['scale']} ({compared['schools']} schools): {verdict}")
        for query in results["slow_queries"]:
            self.stdout.write(self.style.WARNING(f"\nslow query ({query['ms']} ms; {query['explained_ms']} ms when "
                                                 f"explained right after) on {query['page']}:\n"
                                                 f"{query['sql']}\n{query['plan']}"))


def compare_queries(results: dict, other: dict) -> dict:
    """Every page must make as many queries at this scale as at the other one."""
    differences = {name: [figures["page_queries"], other["pages"][name]["page_queries"]]
                   for name, figures in results["pages"].items()
                   if name in other["pages"] and figures["page_queries"] != other["pages"][name]["page_queries"]}
    return {"scale": other["scale"].get("name", ""), "schools": other["scale"]["schools"],
            "equal": not differences, "differences": differences}


def measure_pdf(notice, runs: int = 9) -> dict:
    from fees.documents import render_notice_board_pdf
    from fees.selectors import notice_items

    items = notice_items(notice)
    figures = {}
    for size, key in (("A4", "pdf_board_median_s"), ("A3", "pdf_board_a3_median_s")):
        render_notice_board_pdf(notice, items, size=size)  # warm up the fonts once per process
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            render_notice_board_pdf(notice, items, size=size)
            timings.append(time.perf_counter() - started)
        figures[key] = round(statistics.median(timings), 3)
    figures["pdf_runs"] = runs
    figures["site_url"] = settings.SITE_URL
    return figures
