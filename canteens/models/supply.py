"""Suppliers, the yearly bulk tender, and the purchase (入库) and issue (出库) ledger. Ledger entries
are kept at least three years and voided, never deleted."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from canteens.choices import FoodClass, Meal, SupplierStatus, Unit
from canteens.models.canteen import Canteen, DutyScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School, phone_validator


class Supplier(models.Model):
    """A supplier a school has admitted (准入), until it exits (退出)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="food_suppliers",
                               verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact person"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    licence_number = models.CharField(_("business licence"), max_length=40)
    licence_expiry = models.DateField(_("licence valid until"), null=True, blank=True)
    licence_scan = EvidenceFileField(_("licence scan"), blank=True)
    qualification_scan = EvidenceFileField(_("qualification documents"), blank=True)
    food_classes = models.CharField(_("supplies"), max_length=100, blank=True,
                                    help_text=_("e.g. rice, flour, oil; vegetables; meat"))
    status = models.CharField(_("status"), max_length=10, choices=SupplierStatus.choices,
                              default=SupplierStatus.ADMITTED)
    admitted_on = models.DateField(_("admitted on"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for exit"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = DutyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["status", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="supplier_unique_name",
                                    violation_error_message=_("The school already has a supplier of this name.")),
            models.CheckConstraint(condition=Q(exited_on__isnull=True) | Q(exited_on__gte=F("admitted_on")),
                                   name="supplier_exit_after_admission",
                                   violation_error_message=_("A supplier cannot exit before it was admitted.")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("canteens:supplier_update", args=[self.pk])


class BulkTender(models.Model):
    """大宗物资一年一招标: the yearly tender for rice, flour, oil and other staples."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bulk_tenders", verbose_name=_("school"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    item = models.CharField(_("goods"), max_length=50)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="tenders",
                                 verbose_name=_("winning supplier"))
    price = models.DecimalField(_("price (yuan)"), max_digits=10, decimal_places=2,
                                validators=[MinValueValidator(0.01)])
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    tendered_on = models.DateField(_("tender date"))
    document = EvidenceFileField(_("tender documents"), blank=True)
    history = HistoricalRecords()

    objects = DutyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk tender")
        verbose_name_plural = _("bulk tenders")
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "item"], name="tender_once_a_year",
                                    violation_error_message=_("This goods item was tendered already this year.")),
        ]

    def __str__(self):
        return f"{self.year} {self.item}"


class LedgerQuerySet(DutyScopedQuerySet):
    school_path = "canteen__school"

    def current(self):
        return self.filter(voided_at__isnull=True)


class VoidableEntry(models.Model):
    """A ledger line: corrected by voiding it (with reason and author) and entering it again."""

    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("voided by"))
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class PurchaseEntry(VoidableEntry):
    """采购入库: goods bought and accepted into stock, with the documents 索票索证 asks for."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("canteen"))
    date = models.DateField(_("date"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="purchases",
                                 verbose_name=_("supplier"))
    item = models.CharField(_("goods"), max_length=60)
    food_class = models.CharField(_("food class"), max_length=10, choices=FoodClass.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2,
                                   validators=[MinValueValidator(0.01), MaxValueValidator(100_000)])
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    unit_price = models.DecimalField(_("unit price (yuan)"), max_digits=10, decimal_places=2,
                                     validators=[MinValueValidator(0), MaxValueValidator(100_000)])
    batch = models.CharField(_("batch"), max_length=40, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True,
                                                  validators=[MinValueValidator(1), MaxValueValidator(3650)])
    inspection_report = EvidenceFileField(_("same-batch inspection report"), blank=True)
    quarantine_number = models.CharField(_("animal quarantine certificate"), max_length=40, blank=True)
    quarantine_scan = EvidenceFileField(_("quarantine certificate scan"), blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    invoice_scan = EvidenceFileField(_("invoice scan"), blank=True)
    purchaser = models.CharField(_("purchased by"), max_length=30, blank=True)
    acceptor = models.CharField(_("accepted by"), max_length=30, blank=True)
    supplier_signer = models.CharField(_("delivered by (supplier)"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(food_class="meat") | ~Q(quarantine_number="") | Q(voided_at__isnull=False),
                name="purchase_meat_needs_quarantine",
                violation_error_message=_("Meat cannot be accepted without its animal quarantine certificate."),
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="purchase_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["canteen", "-date"], name="purchase_canteen_date"),
            models.Index(fields=["canteen", "food_class"], name="purchase_canteen_food_class"),
            models.Index(fields=["canteen", "item"], name="purchase_canteen_item"),
            # the county overview counts each canteen's unsigned deliveries: a small index of those only
            models.Index(fields=["canteen", "date"], name="purchase_unsigned",
                         condition=Q(voided_at__isnull=True) & (Q(purchaser="") | Q(acceptor="")
                                                                  | Q(supplier_signer=""))),
        ]

    def __str__(self):
        return f"{self.date} {self.item}"

    def get_absolute_url(self):
        return reverse("canteens:purchase_detail", args=[self.pk])

    @property
    def amount(self):
        return (self.quantity or 0) * (self.unit_price or 0)

    @property
    def missing_signatures(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in ("purchaser", "acceptor", "supplier_signer")
                if not getattr(self, f).strip()]

    @property
    def missing_documents(self) -> list[str]:
        missing = []
        if not self.invoice_number and not self.invoice_scan:
            missing.append(str(self._meta.get_field("invoice_number").verbose_name))
        if self.food_class in ("meat", "aquatic") and not self.inspection_report:
            missing.append(str(self._meta.get_field("inspection_report").verbose_name))
        return missing


class StockOut(VoidableEntry):
    """出库: goods taken out of the store for a meal."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="stock_outs",
                                verbose_name=_("canteen"))
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices, blank=True)
    item = models.CharField(_("goods"), max_length=60)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2,
                                   validators=[MinValueValidator(0.01), MaxValueValidator(100_000)])
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    received_by = models.CharField(_("received by"), max_length=30)
    history = HistoricalRecords()

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock issue")
        verbose_name_plural = _("stock issues")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="stockout_quantity_positive")]
        indexes = [
            models.Index(fields=["canteen", "-date"], name="stockout_canteen_date"),
            models.Index(fields=["canteen", "item"], name="stockout_canteen_item"),
        ]

    def __str__(self):
        return f"{self.date} {self.item}"
