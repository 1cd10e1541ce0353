"""Columns of the plan (shared by the page and its Excel export): the page shows progress bars and
coloured statuses, the spreadsheet the same figures as numbers and words."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, NUMBER_DESKTOP_ONLY
from houqin.workplan.choices import MeasureKind
from houqin.workplan.models import Goal


def target_text(goal: Goal) -> str:
    """The target as the plan states it: the figure a measured goal must reach, and the words."""
    spec = goal.measure_spec
    figure = ""
    if spec is not None and goal.target_value is not None:
        number = f"{goal.target_value.normalize():f}"
        figure = f"≥ {number}%" if spec.kind == MeasureKind.SHARE else gettext("%(count)s schools") % {"count": number}
    return "；".join(part for part in (figure, goal.target) if part) or "—"


def progress_bar(figures) -> str:
    value = figures.progress_value
    label = f"{figures.progress}%" if figures.progress is not None else "—"
    return format_html(
        '<div class="d-flex align-items-center gap-2 progress-cell">'
        '<div class="progress progress-thin flex-grow-1" role="progressbar" aria-label="{}" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100"><div class="progress-bar bg-{}" data-progress="{}"></div></div>'
        '<span class="small text-nowrap">{}</span></div>',
        gettext("progress"), value, figures.status_style, value, label)


class GoalTable(tables.Table):
    # verbose names are given because the table is filled with a list (the figures are computed), from which
    # django-tables2 cannot read the model's own
    position = tables.Column(verbose_name=_("No."), attrs=NUMBER_DESKTOP_ONLY)
    title = tables.Column(verbose_name=_("goal"), linkify=True,
                          attrs={"td": {"class": "text-wrap cell-wide"}})
    area = tables.Column(verbose_name=_("area"), attrs=DESKTOP_ONLY)
    owner = tables.Column(accessor="owner__full_name", verbose_name=_("owner"), order_by=("owner__full_name",),
                          attrs=DESKTOP_ONLY)
    department = tables.Column(verbose_name=_("department"), visible=False)
    deadline = tables.DateColumn(verbose_name=_("due by"), format="Y-m-d", attrs=DESKTOP_ONLY)
    target = tables.Column(verbose_name=_("target"), empty_values=(), orderable=False, attrs=DESKTOP_ONLY)
    measure = tables.Column(verbose_name=_("measured by"), visible=False, empty_values=())
    current = tables.Column(verbose_name=_("figure now"), empty_values=(), orderable=False, attrs=DESKTOP_ONLY)
    progress = tables.Column(verbose_name=_("progress (%)"), accessor="figures__progress_value", empty_values=())
    expected = tables.Column(verbose_name=_("expected by today (%)"), accessor="figures__expected", visible=False)
    status = tables.Column(verbose_name=_("status"), accessor="figures__status_rank", empty_values=())
    progress_note = tables.Column(verbose_name=_("progress notes"), visible=False)
    description = tables.Column(verbose_name=_("measures and requirements"), visible=False)

    class Meta:
        model = Goal
        fields = ("position", "title", "area", "owner", "department", "deadline", "target", "measure", "current",
                  "progress", "expected", "status", "progress_note", "description")
        order_by = ("position",)
        row_attrs = {"class": lambda record: "text-body-secondary" if record.is_cancelled else "",
                     "data-status": lambda record: record.figures.status}

    def render_owner(self, value, record):
        if record.department:
            return format_html('{}<div class="small text-body-secondary">{}</div>', value, record.department)
        return value

    def value_owner(self, value, record):
        return value

    def render_title(self, value, record):
        if record.is_cancelled:
            return format_html("<del>{}</del>", value)
        return value

    def value_title(self, value):
        return value

    def render_target(self, record):
        return target_text(record)

    def render_measure(self, record):
        spec = record.measure_spec
        return str(spec.label) if spec else gettext("Reported by hand")

    def render_current(self, record):
        reading = record.figures.reading
        if reading is None:
            return "—"
        if reading.url:
            return format_html('<a href="{}" class="text-nowrap" title="{}">{}</a>', reading.url,
                               gettext("The records behind this figure"), reading.display())
        return reading.display()

    def value_current(self, record):
        reading = record.figures.reading
        return reading.display() if reading else ""

    def render_progress(self, record):
        return progress_bar(record.figures)

    def value_progress(self, record):
        return record.figures.progress

    def render_status(self, record):
        figures = record.figures
        return format_html('<span class="badge text-bg-{}">{}</span>', figures.status_style, figures.status_label)

    def value_status(self, record):
        return record.figures.status_label
