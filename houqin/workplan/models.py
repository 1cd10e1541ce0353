"""A goal of the county bureau's yearly work plan (年度工作要点)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.permissions import has_role
from houqin.org.choices import BUREAU_ROLES
from houqin.org.models import County
from houqin.workplan import measures
from houqin.workplan.choices import Area, MeasureKind
from houqin.workplan.rules import deadline_window
from inspections.choices import Level

# Something that reads as an HTML tag or comment: "<script", "</b", "<!--". "投诉率<1%" is not one.
MARKUP = re.compile(r"<\s*[/!a-zA-Z]")


class GoalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plan is the bureau's internal document: its own county's goals, for bureau roles only."""
        if not has_role(user, *BUREAU_ROLES):
            return self.none()
        if user.is_superuser and not user.county_id:
            return self.all()
        return self.filter(county_id=user.county_id)


class Goal(models.Model):
    """One goal of a year's plan: what, who answers for it, by when, and how far it has come — either
    measured live from the other apps' data (`measure`) or reported by hand (`progress`, 0–100 %)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="work_goals", verbose_name=_("county"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    position = models.PositiveSmallIntegerField(_("No."), default=1,
                                                help_text=_("The goal's place in the plan."))
    title = models.CharField(_("goal"), max_length=120)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.TextField(_("measures and requirements"), blank=True, max_length=4000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_goals",
                              verbose_name=_("owner"))
    department = models.CharField(_("department"), max_length=60, blank=True,
                                  help_text=_("Optional: the section or group that carries the goal out."))
    deadline = models.DateField(_("due by"))
    target = models.CharField(_("target in words"), max_length=200, blank=True,
                              help_text=_("e.g. two more schools with a city-level Trusted Canteen title"))
    measure = models.CharField(_("measured by"), max_length=40, blank=True, choices=measures.measure_choices,
                               help_text=_("Leave empty to report the progress by hand."))
    campaign_type = models.ForeignKey("inspections.CampaignType", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("campaign type"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    target_value = models.DecimalField(
        _("target figure"), max_digits=7, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("For a measured goal: the number of schools to reach, or the share in per cent."))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    progress_note = models.TextField(_("progress notes"), blank=True, max_length=2000)
    progress_updated_at = models.DateTimeField(_("progress reported"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("work-plan goal")
        verbose_name_plural = _("work-plan goals")
        ordering = ["year", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_at_most_100",
                                   violation_error_message=_("Progress is a percentage from 0 to 100.")),
            models.CheckConstraint(condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                                   name="goal_target_not_negative",
                                   violation_error_message=_("The target figure cannot be negative.")),
        ]
        indexes = [models.Index(fields=["county", "year", "position"], name="goal_county_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplan:goal_detail", args=[self.pk])

    @property
    def measure_spec(self) -> measures.Measure | None:
        return measures.MEASURES.get(self.measure) if self.measure else None

    @property
    def measure_params(self) -> dict:
        """The parameters the goal's measure reads (e.g. which title at which level)."""
        spec = self.measure_spec
        values = {"campaign_type": self.campaign_type_id, "level": self.level}
        return {name: values[name] for name in spec.params} if spec else {}

    @property
    def is_measured(self) -> bool:
        return self.measure_spec is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def clean(self):
        """A title without markup, a deadline inside the plan's window, an owner of the county's bureau,
        and for a measured goal its parameters and a sensible target figure."""
        super().clean()
        errors = {}
        self.title = (self.title or "").strip()
        if self.title and len(self.title) < 2:
            errors["title"] = _("Write the goal in at least two characters.")
        for name in ("title", "department", "target"):
            if MARKUP.search(getattr(self, name) or ""):
                errors[name] = _("Plain text only: remove the HTML tags.")
        if self.year and self.deadline:
            first, last = deadline_window(self.year)
            if not first <= self.deadline <= last:
                errors["deadline"] = _("The deadline of a %(year)s goal falls between %(first)s and %(last)s.") % {
                    "year": self.year, "first": first.isoformat(), "last": last.isoformat()}
        if self.owner_id and self.county_id:
            owner = self.owner
            if not (owner.is_active and owner.role in BUREAU_ROLES and owner.county_id == self.county_id):
                errors["owner"] = _("The owner is a member of the county bureau.")
        spec = self.measure_spec
        if self.measure and spec is None:
            errors["measure"] = _("Unknown measure.")
        if spec is None:
            self.campaign_type, self.level, self.target_value = None, "", None
        else:
            self.progress = 0  # measured: the figure is computed, never typed
            if "campaign_type" not in spec.params:
                self.campaign_type = None
            elif self.campaign_type_id is None:
                errors["campaign_type"] = _("Choose the title this goal counts.")
            elif self.campaign_type.county_id != self.county_id:
                errors["campaign_type"] = _("Choose one of the county's campaign types.")
            if "level" not in spec.params:
                self.level = ""
            elif not self.level:
                errors["level"] = _("Choose the level of the title.")
            if self.target_value is None or self.target_value <= 0:
                errors["target_value"] = _("A measured goal needs a target figure above 0.")
            elif spec.kind == MeasureKind.SHARE and self.target_value > 100:
                errors["target_value"] = _("This measure is a share: the target is at most 100 per cent.")
        if errors:
            raise ValidationError(errors)
