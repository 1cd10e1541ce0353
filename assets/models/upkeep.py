"""Disposal (报废) with appraisal and approval, damage compensation (损坏赔偿), repair tickets (报修)
and the boarding-school facility standard (十有八配套)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.choices import DisposalStatus, FacilityItem, FacilityState, RepairCategory, RepairStatus
from assets.models.register import Asset, Room, money_field
from houqin.core.scoping import ScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School


class DisposalQuerySet(ScopedQuerySet):
    school_path = "asset__school"


class Disposal(models.Model):
    """报废: an asset past use is appraised by named people, then approved by the principal (and the
    bureau above the county's threshold) before it is written off."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("asset"))
    reason = models.CharField(_("reason"), max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=DisposalStatus.choices,
                              default=DisposalStatus.REQUESTED)
    appraisal = models.TextField(_("appraisal"), max_length=1000, blank=True)
    appraisers = models.CharField(_("appraised by"), max_length=100, blank=True,
                                  help_text=_("The people who examined the asset, e.g. 电教员 张三、总务主任 李四."))
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    appraisal_file = EvidenceFileField(_("appraisal document or photo"), blank=True)
    needs_bureau = models.BooleanField(_("needs the bureau's approval"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decision_note = models.CharField(_("comment"), max_length=200, blank=True)
    residual_income = money_field(_("residual income (yuan)"), null=True, blank=True)
    status_before = models.CharField(_("asset status before"), max_length=20, blank=True)
    history = HistoricalRecords()

    objects = DisposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.asset} {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("assets:disposal_detail", args=[self.pk])


class Compensation(models.Model):
    """损坏赔偿: who damaged or lost school property and what they paid."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="asset_compensations",
                               verbose_name=_("school"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="compensations",
                              verbose_name=_("asset"))
    item = models.CharField(_("item damaged"), max_length=60)
    date = models.DateField(_("date"))
    responsible = models.CharField(_("responsible person"), max_length=50,
                                   help_text=_("Name, and class for a student."))
    description = models.CharField(_("what happened"), max_length=200)
    amount = money_field(_("compensation (yuan)"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("damage compensation")
        verbose_name_plural = _("damage compensations")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.item} {self.responsible}"

    def get_absolute_url(self):
        return reverse("assets:compensation_list")


class RepairTicket(models.Model):
    """报修单: reported with a category, a location and a photo; dispatched, the repairer on site and
    the fix the same day where possible; rated by the reporter."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="repair_tickets",
                               verbose_name=_("school"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=RepairCategory.choices)
    location = models.CharField(_("location"), max_length=100)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="repairs",
                             verbose_name=_("room"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="repairs",
                              verbose_name=_("asset"))
    description = models.CharField(_("what is wrong"), max_length=300)
    photo = EvidenceFileField(_("photo"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=RepairStatus.choices,
                              default=RepairStatus.REPORTED)
    repairer = models.CharField(_("repairer"), max_length=30, blank=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("dispatched by"))
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("repairer arrived"), null=True, blank=True)
    promised_date = models.DateField(_("to be fixed by"), null=True, blank=True)
    postpone_reason = models.CharField(_("why not today"), max_length=200, blank=True)
    completed_at = models.DateTimeField(_("fixed"), null=True, blank=True)
    result = models.CharField(_("what was done"), max_length=200, blank=True)
    cost = money_field(_("cost of parts (yuan)"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.CharField(_("reporter's comment"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("repair ticket")
        verbose_name_plural = _("repair tickets")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["school", "status"], name="asset_repair_school_status")]

    def __str__(self):
        return f"{self.number} {self.location}"

    def get_absolute_url(self):
        return reverse("assets:repair_detail", args=[self.pk])

    def is_overdue(self, today) -> bool:
        from assets.rules import repair_overdue

        return repair_overdue(self, today)


class FacilityCheck(models.Model):
    """One item of the 十有八配套 standard at one school, as last checked."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="facility_checks",
                               verbose_name=_("school"))
    item = models.CharField(_("item"), max_length=20, choices=FacilityItem.choices)
    state = models.CharField(_("state"), max_length=10, choices=FacilityState.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility check")
        verbose_name_plural = _("facility checks")
        ordering = ["school", "item"]
        constraints = [models.UniqueConstraint(fields=["school", "item"], name="asset_facility_once_per_school")]

    def __str__(self):
        return f"{self.school} {self.get_item_display()}"
