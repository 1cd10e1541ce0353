"""Custody per room (期初交接, 期中检查, 期末移交), the stock-take room by room with its difference
report (盘盈/盘亏), and the half-year reconciliation against the finance system's export."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.choices import Category, CustodyKind, LineResult, StockTakeKind, StockTakeStatus
from assets.models.register import Asset, Room, money_field
from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import School, Term


class CustodyQuerySet(ScopedQuerySet):
    school_path = "room__school"


class CustodyCheck(models.Model):
    """One handover, mid-term check or hand-back of a room's assets with its keeper, for a term."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="custody_checks", verbose_name=_("room"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    kind = models.CharField(_("kind"), max_length=10, choices=CustodyKind.choices)
    date = models.DateField(_("date"))
    keeper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("keeper"))
    expected = models.PositiveIntegerField(_("assets on the register"), default=0)
    present = models.PositiveIntegerField(_("assets present"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = CustodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody check")
        verbose_name_plural = _("custody checks")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "term", "kind"], name="asset_custody_once_per_term",
                                    violation_error_message=_("This room's check of this kind is recorded for "
                                                              "the term already.")),
        ]

    def __str__(self):
        return f"{self.room} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("assets:custody_detail", args=[self.pk])


class CustodyLineQuerySet(ScopedQuerySet):
    school_path = "custody_check__room__school"


class CustodyLine(models.Model):
    """One asset at a custody check: present or not, and its condition."""

    custody_check = models.ForeignKey(CustodyCheck, on_delete=models.PROTECT, related_name="lines",
                              verbose_name=_("custody check"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+", verbose_name=_("asset"))
    present = models.BooleanField(_("present"), default=True)
    condition = models.CharField(_("condition"), max_length=100, blank=True)

    objects = CustodyLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody line")
        verbose_name_plural = _("custody lines")
        constraints = [models.UniqueConstraint(fields=["custody_check", "asset"], name="asset_custody_line_once")]


class StockTake(models.Model):
    """盘点: a count of a school's assets, room by room, ending in a difference report the principal
    approves."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="stock_takes", verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=10, choices=StockTakeKind.choices, default=StockTakeKind.ANNUAL)
    title = models.CharField(_("title"), max_length=60)
    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    status = models.CharField(_("status"), max_length=10, choices=StockTakeStatus.choices,
                              default=StockTakeStatus.OPEN)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    report_note = models.TextField(_("explanation of the differences"), blank=True, max_length=2000)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock-take")
        verbose_name_plural = _("stock-takes")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=Q(status="open"), name="asset_one_open_stocktake",
                                    violation_error_message=_("A stock-take of this school is under way already.")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assets:stocktake_detail", args=[self.pk])


class StockTakeRoomQuerySet(ScopedQuerySet):
    school_path = "stocktake__school"


class StockTakeRoom(models.Model):
    """A room counted in a stock-take: opened by scanning its code, finished when its unscanned assets
    are marked missing."""

    stocktake = models.ForeignKey(StockTake, on_delete=models.PROTECT, related_name="rooms",
                                  verbose_name=_("stock-take"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("room"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = StockTakeRoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room counted")
        verbose_name_plural = _("rooms counted")
        constraints = [models.UniqueConstraint(fields=["stocktake", "room"], name="asset_stocktake_room_once")]


class StockTakeLineQuerySet(ScopedQuerySet):
    school_path = "stocktake__school"


class StockTakeLine(models.Model):
    """One asset's outcome in a stock-take (found, in another room, missing), or a surplus item found
    without a tag. Never deleted."""

    stocktake = models.ForeignKey(StockTake, on_delete=models.PROTECT, related_name="lines",
                                  verbose_name=_("stock-take"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="stocktake_lines",
                              verbose_name=_("asset"))
    result = models.CharField(_("result"), max_length=10, choices=LineResult.choices)
    expected_room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name=_("room on the register"))
    found_room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("room found in"))
    corrected = models.BooleanField(_("room corrected"), default=False)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("For a surplus item."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    value = money_field(_("value (yuan)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("counted by"))
    scanned_at = models.DateTimeField(_("counted"), auto_now_add=True)
    history = HistoricalRecords()

    objects = StockTakeLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock-take line")
        verbose_name_plural = _("stock-take lines")
        ordering = ["scanned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "asset"], condition=Q(asset__isnull=False),
                                    name="asset_stocktake_line_once",
                                    violation_error_message=_("This asset was counted already.")),
        ]


class Reconciliation(models.Model):
    """半年核对: the register compared with the finance system's asset export (Excel) on a day."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="asset_reconciliations",
                               verbose_name=_("school"))
    period = models.CharField(_("period"), max_length=10, help_text=_("e.g. 2026-H1"))
    file_name = models.CharField(_("file"), max_length=200)
    register_count = models.PositiveIntegerField(_("assets on the register"), default=0)
    finance_count = models.PositiveIntegerField(_("assets in the finance export"), default=0)
    register_total = money_field(_("register total (yuan)"), default=0)
    finance_total = money_field(_("finance total (yuan)"), default=0)
    difference_count = models.PositiveIntegerField(_("differences"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.period} {self.file_name}"

    def get_absolute_url(self):
        return reverse("assets:reconciliation_detail", args=[self.pk])


class ReconciliationLine(models.Model):
    """One difference between the register and the finance export."""

    class Kind(models.TextChoices):
        ONLY_FINANCE = "only_finance", _("In the finance export, not on the register")
        ONLY_REGISTER = "only_register", _("On the register, not in the finance export")
        VALUE = "value", _("Values differ")

    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.CASCADE, related_name="lines",
                                       verbose_name=_("reconciliation"))
    kind = models.CharField(_("difference"), max_length=20, choices=Kind.choices)
    tag_code = models.CharField(_("tag code"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    register_value = money_field(_("register value (yuan)"), null=True, blank=True)
    finance_value = money_field(_("finance value (yuan)"), null=True, blank=True)

    class Meta:
        verbose_name = _("difference")
        verbose_name_plural = _("differences")
        ordering = ["kind", "tag_code"]
