"""The register: the county's asset rule, a school's rooms and its assets, and every move of an
asset between rooms and custodians."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.choices import (
    DEFAULT_BUREAU_APPROVAL_ABOVE,
    DEFAULT_EQUIPMENT_CENTRE_FROM,
    DEFAULT_GOVERNMENT_FROM,
    MAX_LIFE_YEARS,
    AssetSource,
    AssetStatus,
    Category,
    DormLevel,
    FundingSource,
    RoomKind,
)
from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import County, School

MONEY_LIMIT = Decimal("100000000.00")


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("validators", [MinValueValidator(Decimal("0")), MaxValueValidator(MONEY_LIMIT)])
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class AssetRule(models.Model):
    """What the county sets for its schools' assets: the amount above which a purchase or a disposal
    needs the bureau's approval, and the amounts that decide the procurement tier."""

    county = models.OneToOneField(County, on_delete=models.CASCADE, related_name="asset_rule",
                                  verbose_name=_("county"))
    bureau_approval_above = money_field(_("bureau approval above (yuan)"), default=DEFAULT_BUREAU_APPROVAL_ABOVE,
                                        help_text=_("Purchases and disposals above this amount also need the "
                                                    "bureau's approval."))
    equipment_centre_from = money_field(_("equipment centre from (yuan)"), default=DEFAULT_EQUIPMENT_CENTRE_FROM,
                                        help_text=_("From this amount the county's equipment centre buys."))
    government_from = money_field(_("government procurement from (yuan)"), default=DEFAULT_GOVERNMENT_FROM,
                                  help_text=_("From this amount the purchase goes through government procurement."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county asset rule")
        verbose_name_plural = _("county asset rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(government_from__gt=F("equipment_centre_from")),
                name="asset_rule_tiers_ascending",
                violation_error_message=_("The government procurement amount must be above the equipment "
                                          "centre amount."),
            ),
        ]

    def __str__(self):
        return str(self.county)


class RoomQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Room(models.Model):
    """A room of a school (分室保管): its assets are entrusted to its keeper. Dormitory rooms also
    carry their beds and occupants for the dormitory rule."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="asset_rooms", verbose_name=_("school"))
    code = models.CharField(_("room code"), max_length=30, unique=True)
    name = models.CharField(_("room"), max_length=50)
    building = models.CharField(_("building"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices, default=RoomKind.CLASSROOM)
    department = models.CharField(_("department"), max_length=50, blank=True,
                                  help_text=_("The office or class that keeps the room, e.g. 教务处, 三(2)班."))
    keeper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="kept_rooms", verbose_name=_("keeper"))
    dorm_level = models.CharField(_("dormitory for"), max_length=10, choices=DormLevel.choices, blank=True)
    beds = models.PositiveSmallIntegerField(_("beds"), default=0, validators=[MaxValueValidator(100)])
    occupants = models.PositiveSmallIntegerField(_("occupants"), default=0, validators=[MaxValueValidator(100)])
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["school", "building", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="asset_room_unique_name",
                                    violation_error_message=_("The school already has a room of this name.")),
        ]

    def __str__(self):
        return f"{self.building} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("assets:room_detail", args=[self.pk])


class AssetQuerySet(ScopedQuerySet):
    def on_books(self):
        from assets.choices import ON_BOOKS

        return self.filter(status__in=ON_BOOKS)


class Asset(models.Model):
    """One fixed asset with its tag: what it is, what it cost, where it stands and who keeps it.
    Never deleted: a disposed or missing asset keeps its record and history."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="assets", verbose_name=_("school"))
    tag_code = models.CharField(_("tag code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    model = models.CharField(_("model"), max_length=60, blank=True)
    purchase_date = models.DateField(_("purchase date"))
    original_value = money_field(_("original value (yuan)"))
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices,
                                      default=FundingSource.FISCAL)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="assets",
                             verbose_name=_("room"))
    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="kept_assets", verbose_name=_("custodian"))
    custodian_department = models.CharField(_("custodian department"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    useful_life_years = models.PositiveSmallIntegerField(
        _("useful life (years)"), validators=[MaxValueValidator(MAX_LIFE_YEARS)],
        help_text=_("0 for assets that are not depreciated, such as books."))
    opening_depreciation = money_field(
        _("depreciation brought forward (yuan)"), default=Decimal("0.00"),
        help_text=_("Accumulated depreciation taken over from the old register on import."))
    opening_date = models.DateField(_("brought forward on"), null=True, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=AssetSource.choices, default=AssetSource.MANUAL)
    purchase_request = models.ForeignKey("assets.PurchaseRequest", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="assets", verbose_name=_("purchase request"))
    disposed_on = models.DateField(_("written off on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["tag_code"]
        constraints = [
            models.CheckConstraint(condition=Q(original_value__gte=0), name="asset_value_not_negative",
                                   violation_error_message=_("The original value cannot be negative.")),
            models.CheckConstraint(condition=Q(opening_depreciation__lte=F("original_value")),
                                   name="asset_depreciation_within_value",
                                   violation_error_message=_("Depreciation cannot exceed the original value.")),
        ]
        indexes = [
            models.Index(fields=["school", "status"], name="asset_school_status"),
            models.Index(fields=["school", "room"], name="asset_school_room"),
            # the register's filters and sorts, within the school or the schools of a county
            models.Index(fields=["school", "category"], name="asset_school_category"),
            models.Index(fields=["school", "funding_source"], name="asset_school_funding_source"),
            models.Index(fields=["school", "purchase_date"], name="asset_school_purchase_date"),
            models.Index(fields=["school", "name"], name="asset_school_name"),
            models.Index(fields=["school", "original_value"], name="asset_school_original_value"),
        ]

    def __str__(self):
        return f"{self.tag_code} {self.name}"

    def get_absolute_url(self):
        return reverse("assets:asset_detail", args=[self.pk])

    def depreciation(self, as_of):
        from assets.rules import depreciation

        return depreciation(self.original_value, self.useful_life_years, self.purchase_date, as_of,
                            opening=self.opening_depreciation, opening_date=self.opening_date)


class TransferQuerySet(ScopedQuerySet):
    school_path = "asset__school"


class Transfer(models.Model):
    """One move of an asset to another room or custodian (调拨), with who moved it and why."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("asset"))
    date = models.DateField(_("date"))
    from_room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("from room"))
    to_room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("to room"))
    from_custodian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("from custodian"))
    to_custodian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("to custodian"))
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.asset}"

    def get_absolute_url(self):
        return self.asset.get_absolute_url()
