"""The county's fee catalogue: policy documents, fee categories with their caps, forbidden items."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import CountyScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.choices import SchoolType
from houqin.org.models import County
from fees.choices import FeeKind, FeeUnit


class PolicyDocument(models.Model):
    """A regulation a fee rests on or is forbidden by (e.g. 鄂价费〔2017〕5号)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="fee_policies", verbose_name=_("county"))
    number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    summary = models.TextField(_("key provisions"), blank=True)
    document = EvidenceFileField(_("document scan"), blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "number"],
                name="policy_number_unique_in_county",
                violation_error_message=_("A policy document with this number exists already."),
            )
        ]

    def __str__(self):
        return f"{self.number}《{self.title}》" if self.title else self.number

    def get_absolute_url(self):
        return reverse("fees:policy_update", args=[self.pk])


class FeeCategory(models.Model):
    """A kind of fee the county allows (伙食费, 住宿费, 校服 …) and the rules that come with it."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="fee_categories", verbose_name=_("county"))
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=FeeKind.choices)
    requires_voluntary = models.BooleanField(
        _("voluntary choice required"), default=True,
        help_text=_("Families choose it for themselves: the notice must say so and a receipt is collected."),
    )
    requires_supplier_disclosure = models.BooleanField(
        _("supplier disclosure required"), default=False,
        help_text=_("The notice must say how the supplier was chosen: reason, qualifications, price, quality."),
    )
    school_may_not_collect = models.BooleanField(
        _("school may not collect the money"), default=False,
        help_text=_("Commercial insurance and similar: families pay the provider directly."),
    )
    policy = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="categories",
        verbose_name=_("policy basis"),
    )
    description = models.TextField(_("what it covers"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee category")
        verbose_name_plural = _("fee categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"],
                name="fee_category_unique_in_county",
                violation_error_message=_("A fee category of this name exists already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fees:category_detail", args=[self.pk])


class FeeCap(models.Model):
    """The highest amount a school of a type may charge for a category, in one unit."""

    category = models.ForeignKey(FeeCategory, on_delete=models.CASCADE, related_name="caps", verbose_name=_("category"))
    school_type = models.CharField(
        _("school type"), max_length=20, choices=SchoolType.choices, blank=True, help_text=_("Empty: every type.")
    )
    unit = models.CharField(_("unit"), max_length=20, choices=FeeUnit.choices)
    max_amount = models.DecimalField(
        _("cap (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price cap")
        verbose_name_plural = _("price caps")
        ordering = ["category", "school_type", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "school_type", "unit"],
                name="fee_cap_unique",
                violation_error_message=_("This category already has a cap for this school type and unit."),
            ),
            models.CheckConstraint(condition=Q(max_amount__gte=0), name="fee_cap_not_negative"),
        ]

    def __str__(self):
        return f"{self.category} {self.get_school_type_display() or _('all types')} ≤ {self.max_amount} {self.get_unit_display()}"


class ForbiddenItem(models.Model):
    """A charge no school may make (补课费, 择校费 …), recognised by its name and synonyms."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="forbidden_fees", verbose_name=_("county"))
    name = models.CharField(_("name"), max_length=50)
    keywords = models.CharField(
        _("also recognised as"), max_length=300, blank=True, help_text=_("Other names, separated by 、 or commas.")
    )
    policy = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="forbidden_items",
        verbose_name=_("forbidden by"),
    )
    reason = models.CharField(_("why it is forbidden"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("forbidden item")
        verbose_name_plural = _("forbidden items")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"],
                name="forbidden_item_unique_in_county",
                violation_error_message=_("This forbidden item exists already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fees:forbidden_update", args=[self.pk])

    def terms(self) -> list[str]:
        import re

        return [t for t in [self.name, *re.split(r"[、,，;；\s]+", self.keywords)] if t]
