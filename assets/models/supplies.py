"""Consumables issued on an approved requisition (出库单), small durable items exchanged old for new
(以旧换新), and keys and remote controls lent against a deposit (押金)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.models.register import money_field
from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import School


class Consumable(models.Model):
    """A consumable or small durable item kept in the school's store, with the quantity on hand."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="consumables", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=10, default="个")
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    exchange_old = models.BooleanField(_("old for new"), default=False,
                                       help_text=_("Issued only when the old one is handed back (以旧换新)."))
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="asset_consumable_unique_name",
                                    violation_error_message=_("The school already has an item of this name.")),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class RequisitionQuerySet(ScopedQuerySet):
    school_path = "consumable__school"


class Requisition(models.Model):
    """出库单: a department asks for consumables; its head approves; the store issues."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ISSUED = "issued", _("Issued from the store")

    consumable = models.ForeignKey(Consumable, on_delete=models.PROTECT, related_name="requisitions",
                                   verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    department = models.CharField(_("department"), max_length=50)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("department head"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    old_returned = models.BooleanField(_("old one handed back"), default=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RequisitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(requested_by=models.F("approver")),
                                   name="asset_requisition_not_self_approved",
                                   violation_error_message=_("Nobody approves their own request.")),
        ]

    def __str__(self):
        return f"{self.consumable.name} × {self.quantity}"

    def get_absolute_url(self):
        return reverse("assets:requisition_list")


class Deposit(models.Model):
    """A key or remote control lent against a deposit, refunded when it comes back."""

    class Item(models.TextChoices):
        KEY = "key", _("Key")
        REMOTE = "remote", _("Remote control")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="asset_deposits",
                               verbose_name=_("school"))
    item = models.CharField(_("item"), max_length=10, choices=Item.choices)
    description = models.CharField(_("description"), max_length=60, help_text=_("e.g. 三(2)班 前门钥匙"))
    holder = models.CharField(_("holder"), max_length=50)
    amount = money_field(_("deposit (yuan)"))
    lent_on = models.DateField(_("lent on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    refunded = money_field(_("refunded (yuan)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["returned_on", "-lent_on"]
        constraints = [
            models.CheckConstraint(condition=Q(refunded__isnull=True) | Q(refunded__lte=models.F("amount")),
                                   name="asset_deposit_refund_within_amount",
                                   violation_error_message=_("The refund cannot exceed the deposit.")),
        ]

    def __str__(self):
        return f"{self.description} {self.holder}"

    def get_absolute_url(self):
        return reverse("assets:deposit_list")
