"""Purchase requests (请购单) with their approvals, and the acceptance by two people (验收入库) that
registers the assets."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.choices import ApprovalStage, Category, Decision, FundingSource, ProcurementTier, RequestStatus
from assets.models.register import MONEY_LIMIT, Room, money_field
from houqin.core.scoping import ScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School

MAX_QUANTITY = 1000


class PurchaseRequest(models.Model):
    """请购单: what a department asks to buy, approved by its head, the principal and, above the
    county's threshold, the bureau; the tier follows the amount."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="purchase_requests",
                               verbose_name=_("school"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    item = models.CharField(_("item"), max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    model = models.CharField(_("model"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1),
                                                                      MaxValueValidator(MAX_QUANTITY)])
    unit_price = money_field(_("estimated unit price (yuan)"),
                             validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MONEY_LIMIT)])
    amount = money_field(_("amount (yuan)"), default=Decimal("0.00"))
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices,
                                      default=FundingSource.FISCAL)
    department = models.CharField(_("department"), max_length=50)
    reason = models.TextField(_("reason"), max_length=1000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    department_head = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("department head"),
                                        help_text=_("The colleague who approves first; not yourself."))
    tier = models.CharField(_("procurement tier"), max_length=20, choices=ProcurementTier.choices, blank=True)
    needs_bureau = models.BooleanField(_("needs the bureau's approval"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="asset_request_quantity_positive",
                                   violation_error_message=_("The quantity must be at least 1.")),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="asset_request_price_positive",
                                   violation_error_message=_("The unit price must be above zero.")),
        ]
        indexes = [models.Index(fields=["school", "status"], name="asset_request_school_status")]

    def __str__(self):
        return f"{self.number} {self.item}"

    def get_absolute_url(self):
        return reverse("assets:request_detail", args=[self.pk])


class ApprovalQuerySet(ScopedQuerySet):
    school_path = "request__school"


class PurchaseApproval(models.Model):
    """One decision on a purchase request, at one stage, by one person, with a comment."""

    request = models.ForeignKey(PurchaseRequest, on_delete=models.PROTECT, related_name="approvals",
                                verbose_name=_("purchase request"))
    stage = models.CharField(_("stage"), max_length=20, choices=ApprovalStage.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "stage"], name="asset_approval_once_per_stage",
                                    violation_error_message=_("This stage has been decided already.")),
        ]

    def __str__(self):
        return f"{self.request} {self.get_stage_display()}"


class AcceptanceQuerySet(ScopedQuerySet):
    school_path = "request__school"


class Acceptance(models.Model):
    """验收入库: two people check what was delivered. The first records it and names the second; the
    assets are registered when the second confirms."""

    request = models.OneToOneField(PurchaseRequest, on_delete=models.PROTECT, related_name="acceptance",
                                   verbose_name=_("purchase request"))
    accepted_on = models.DateField(_("accepted on"))
    quantity = models.PositiveIntegerField(_("quantity received"), validators=[MinValueValidator(1),
                                                                               MaxValueValidator(MAX_QUANTITY)])
    unit_price = money_field(_("actual unit price (yuan)"),
                             validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MONEY_LIMIT)])
    supplier = models.CharField(_("supplier"), max_length=100)
    invoice_number = models.CharField(_("invoice number"), max_length=40)
    invoice_scan = EvidenceFileField(_("invoice scan"), blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("room"))
    useful_life_years = models.PositiveSmallIntegerField(_("useful life (years)"), validators=[MaxValueValidator(100)])
    first_acceptor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("first acceptor"))
    second_acceptor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("second acceptor"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = AcceptanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.CheckConstraint(condition=~Q(first_acceptor=models.F("second_acceptor")),
                                   name="asset_acceptance_two_people",
                                   violation_error_message=_("Acceptance needs two different people.")),
        ]

    def __str__(self):
        return f"{self.request} {self.accepted_on}"

    @property
    def amount(self):
        return (self.quantity or 0) * (self.unit_price or 0)
