"""Monthly canteen accounts (伙食盈亏帐) published to parents, the county's surplus threshold, and
the supervision visits of the 五员 and the diet committee."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from canteens.choices import VisitorRole
from canteens.models.canteen import Canteen, DutyScopedQuerySet
from houqin.org.models import County

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00"),
         "validators": [MinValueValidator(0), MaxValueValidator(10_000_000)]}


class CountyCanteenRule(models.Model):
    """What the county sets for its canteens: the surplus above which a canteen counts as profiting."""

    county = models.OneToOneField(County, on_delete=models.CASCADE, related_name="canteen_rule",
                                  verbose_name=_("county"))
    max_surplus_percent = models.DecimalField(_("highest surplus, percent of income"), max_digits=5, decimal_places=2,
                                              default=Decimal("3.00"),
                                              validators=[MinValueValidator(0), MaxValueValidator(100)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county canteen rule")
        verbose_name_plural = _("county canteen rules")

    def __str__(self):
        return f"{self.county} ≤ {self.max_surplus_percent}%"


class AccountQuerySet(DutyScopedQuerySet):
    finance_too = True

    school_path = "canteen__school"

    def published(self):
        return self.filter(published_at__isnull=False)


class MonthlyAccount(models.Model):
    """A canteen's income and spending for one month. Canteens are non-profit: a surplus beyond
    the county's threshold is flagged as profit-making."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("canteen"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    income_meal_fees = models.DecimalField(_("meal fees collected"), **MONEY)
    income_subsidy = models.DecimalField(_("nutrition plan subsidy"), **MONEY)
    income_other = models.DecimalField(_("other income"), **MONEY)
    spend_staples = models.DecimalField(_("rice, flour and oil"), **MONEY)
    spend_meat = models.DecimalField(_("meat, eggs and fish"), **MONEY)
    spend_vegetables = models.DecimalField(_("vegetables and fruit"), **MONEY)
    spend_condiments = models.DecimalField(_("condiments"), **MONEY)
    spend_fuel = models.DecimalField(_("fuel"), **MONEY)
    spend_other = models.DecimalField(_("other spending"), **MONEY)
    note = models.TextField(_("explanation"), blank=True, max_length=2000)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    history = HistoricalRecords()

    objects = AccountQuerySet.as_manager()

    INCOME = ("income_meal_fees", "income_subsidy", "income_other")
    SPENDING = ("spend_staples", "spend_meat", "spend_vegetables", "spend_condiments", "spend_fuel", "spend_other")

    class Meta:
        verbose_name = _("monthly account")
        verbose_name_plural = _("monthly accounts")
        ordering = ["-month"]
        indexes = [models.Index(fields=["canteen", "published_at"], name="account_canteen_published")]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "month"], name="account_once_a_month",
                                    violation_error_message=_("This month's account exists already.")),
            models.CheckConstraint(condition=Q(month__day=1), name="account_month_first_day",
                                   violation_error_message=_("An account is kept for a whole month.")),
        ]

    def __str__(self):
        return f"{self.canteen} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("canteens:account_update", args=[self.pk])

    @property
    def income(self) -> Decimal:
        return sum((getattr(self, f) for f in self.INCOME), Decimal("0"))

    @property
    def spending(self) -> Decimal:
        return sum((getattr(self, f) for f in self.SPENDING), Decimal("0"))

    @property
    def balance(self) -> Decimal:
        return self.income - self.spending

    @property
    def surplus_percent(self) -> Decimal | None:
        return (self.balance / self.income * 100).quantize(Decimal("0.01")) if self.income else None


class VisitQuerySet(DutyScopedQuerySet):
    school_path = "canteen__school"


class SupervisionVisit(models.Model):
    """A visit by a 五员 supervisor or the diet committee, with feedback and satisfaction."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="visits", verbose_name=_("canteen"))
    date = models.DateField(_("date"))
    visitor = models.CharField(_("visitor"), max_length=30)
    visitor_role = models.CharField(_("as"), max_length=20, choices=VisitorRole.choices)
    observations = models.TextField(_("what was seen"), max_length=2000)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"),
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    suggestions = models.TextField(_("suggestions"), blank=True, max_length=2000)
    response = models.TextField(_("canteen's response"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.visitor}"
