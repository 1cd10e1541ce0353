"""The organisation tree (county → township → school) and the portal's users."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.fields import DigitCodeField
from houqin.core.scoping import ScopedQuerySet, school_scope_q
from houqin.core.uploads import EvidenceFileField
from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES, Duty, Role, SchoolType, TownshipPost

school_code_validator = RegexValidator(
    r"^[0-9]{10}\Z", _("The school identifier code must be exactly 10 digits."), code="school_code"
)
county_code_validator = RegexValidator(
    r"^[0-9]{6}\Z", _("The administrative division code must be exactly 6 digits."), code="county_code"
)
phone_validator = RegexValidator(
    r"^[0-9+()\- ]{5,20}\Z",
    _("Enter a phone number of digits, optionally with an area code such as 0710-1234567."),
    code="phone",
)


class County(models.Model):
    """A county or district: one deployment serves one, a province deployment many."""

    name = models.CharField(_("name"), max_length=50)
    code = DigitCodeField(
        _("administrative division code"), max_length=6, unique=True, validators=[county_code_validator]
    )
    city = models.CharField(_("city"), max_length=50, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    bureau_name = models.CharField(_("bureau name"), max_length=100, blank=True)
    complaint_phone = models.CharField(
        _("bureau complaint phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"),
                name="county_code_6_digits",
                violation_error_message=_("The administrative division code must be exactly 6 digits."),
            )
        ]

    def __str__(self):
        return self.name


class TownshipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Townships holding at least one school the user may see (or the user's own)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role in BUREAU_ROLES:
            return self.filter(county_id=user.county_id)
        if user.role == Role.TOWNSHIP_SUPERVISOR:
            return self.filter(pk=user.township_id)
        return self.filter(schools__pk=user.school_id)


class Township(models.Model):
    """A township (乡镇); its central school's staff supervise the township's schools."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("county"))
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("code"), max_length=12, blank=True)
    history = HistoricalRecords()

    objects = TownshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["county_id", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"],
                name="township_unique_name_in_county",
                violation_error_message=_("The county already has a township of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:township_detail", args=[self.pk])


class SchoolQuerySet(ScopedQuerySet):
    school_path = ""


class School(models.Model):
    """A school of the county, identified by its 10-digit national school code."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="schools", verbose_name=_("township")
    )
    code = DigitCodeField(
        _("school identifier code"), max_length=10, unique=True, validators=[school_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    school_type = models.CharField(_("school type"), max_length=20, choices=SchoolType.choices)
    is_central = models.BooleanField(
        _("township central school"), default=False, help_text=_("The lead school of its township.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=20, blank=True, validators=[phone_validator])
    principal_name = models.CharField(_("principal"), max_length=30, blank=True)
    student_count = models.PositiveIntegerField(_("students"), default=0)
    boarding_count = models.PositiveIntegerField(_("boarders"), default=0)
    has_canteen = models.BooleanField(_("canteen"), default=False)
    has_dormitory = models.BooleanField(_("dormitory"), default=False)
    has_supermarket = models.BooleanField(_("campus shop"), default=False)
    has_bus_service = models.BooleanField(_("school bus"), default=False)
    licence_scan = EvidenceFileField(_("school licence scan"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=[])

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["township__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{10}$"),
                name="school_code_10_digits",
                violation_error_message=_("The school identifier code must be exactly 10 digits."),
            ),
            models.CheckConstraint(
                condition=Q(boarding_count__lte=F("student_count")),
                name="school_boarders_within_students",
                violation_error_message=_("There cannot be more boarders than students."),
            ),
            models.UniqueConstraint(
                fields=["township"],
                condition=Q(is_central=True),
                name="school_one_central_per_township",
                violation_error_message=_("This township already has a central school."),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "name"], name="school_township_name"),
            models.Index(fields=["school_type", "name"], name="school_type_name"),
            GinIndex(fields=["name"], name="school_name_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:school_detail", args=[self.pk])

    @property
    def is_boarding(self) -> bool:
        return self.has_dormitory and self.boarding_count > 0


class PortalUserManager(UserManager):
    def visible_to(self, user):
        return self.get_queryset().filter(user_scope_q(user))


def user_scope_q(user) -> Q:
    """Accounts a user may see: the bureau its county, a supervisor its township, a school its own."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role in BUREAU_ROLES:
        return Q(county_id=user.county_id)
    if user.role == Role.TOWNSHIP_SUPERVISOR:
        return Q(pk=user.pk) | Q(township_id=user.township_id) | Q(school__township_id=user.township_id)
    return school_scope_q(user, "school")


class User(AbstractUser):
    """A portal account. Its role fixes what it may do; its county, township or school what it sees."""

    full_name = models.CharField(_("full name"), max_length=30)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[phone_validator])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("county")
    )
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("township")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("school")
    )
    duties = ArrayField(
        models.CharField(max_length=30, choices=Duty.choices), verbose_name=_("duties"), default=list, blank=True
    )
    township_post = models.CharField(
        _("township post"), max_length=10, choices=TownshipPost.choices, blank=True,
        help_text=_("Only for township supervisors: the duty inspections this person records."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = PortalUserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="user_role_has_its_organisation",
                condition=(
                    Q(is_superuser=True, role="")
                    | Q(
                        role__in=sorted(BUREAU_ROLES),
                        county__isnull=False,
                        township__isnull=True,
                        school__isnull=True,
                    )
                    | Q(role=Role.TOWNSHIP_SUPERVISOR, county__isnull=False, township__isnull=False, school__isnull=True)
                    | Q(
                        role__in=sorted(SCHOOL_ROLES),
                        county__isnull=False,
                        township__isnull=True,
                        school__isnull=False,
                    )
                ),
                violation_error_message=_("The account's role does not match its county, township or school."),
            ),
            models.CheckConstraint(
                name="user_township_post_only_for_supervisors",
                condition=Q(role=Role.TOWNSHIP_SUPERVISOR) | Q(township_post=""),
                violation_error_message=_("Only township supervisors hold a township post."),
            ),
            models.CheckConstraint(
                name="user_duties_only_for_school_staff",
                condition=Q(role=Role.SCHOOL_STAFF) | Q(duties=[]),
                violation_error_message=_("Only school staff accounts carry duties."),
            ),
        ]
        indexes = [models.Index(fields=["county", "role"], name="user_county_role")]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        """Keep only the organisation link the role needs, require it, and derive the county."""
        super().clean()
        if self.is_superuser and not self.role:
            return
        errors = {}
        if self.role in BUREAU_ROLES:
            self.township, self.school = None, None
            if not self.county_id:
                errors["county"] = _("A bureau account needs its county.")
        elif self.role == Role.TOWNSHIP_SUPERVISOR:
            self.school = None
            if self.township_id:
                self.county_id = self.township.county_id
            else:
                errors["township"] = _("A township supervisor account needs its township.")
        elif self.role in SCHOOL_ROLES:
            self.township = None
            if self.school_id:
                self.county_id = self.school.township.county_id
            else:
                errors["school"] = _("A principal or school staff account needs its school.")
        elif self.role:
            errors["role"] = _("Unknown role.")
        if self.role != Role.SCHOOL_STAFF:
            self.duties = []
        if self.role != Role.TOWNSHIP_SUPERVISOR:
            self.township_post = ""
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("org:user_detail", args=[self.pk])

    @property
    def is_bureau(self) -> bool:
        return self.is_superuser or self.role in BUREAU_ROLES

    @property
    def is_school_user(self) -> bool:
        return self.role in SCHOOL_ROLES

    def has_duty(self, duty: str) -> bool:
        return self.role == Role.PRINCIPAL or duty in self.duties

    def get_duties_display(self) -> str:
        labels = dict(Duty.choices)
        return "、".join(str(labels.get(d, d)) for d in self.duties)

    @property
    def organisation(self):
        return self.school or self.township or self.county


class Semester(models.IntegerChoices):
    FIRST = 1, _("First semester")
    SECOND = 2, _("Second semester")


class TermQuerySet(models.QuerySet):
    def current(self, today):
        """The term under way on `today`, or else the latest one that has begun, or else the next."""
        return (
            self.filter(start_date__lte=today, end_date__gte=today).first()
            or self.filter(start_date__lte=today).order_by("-start_date").first()
            or self.order_by("start_date").first()
        )


class Term(models.Model):
    """A school term (学期): the period fee notices, settlements, drills and inspections refer to."""

    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The calendar year the school year begins in, e.g. 2026 for 2026—2027.")
    )
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    history = HistoricalRecords()

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-school_year", "-semester"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "semester"],
                name="term_unique",
                violation_error_message=_("This term exists already."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="term_ends_after_it_starts",
                violation_error_message=_("The last day must come after the first day."),
            ),
        ]

    def __str__(self):
        return _("%(start)s—%(end)s school year, %(semester)s") % {
            "start": self.school_year,
            "end": self.school_year + 1,
            "semester": self.get_semester_display(),
        }
