"""Classes, students with their consent codes, consent per voluntary category, receipt scans."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fees.choices import ConsentChoice, ConsentSource
from fees.models.catalogue import FeeCategory
from houqin.core.scoping import ScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School, Term

# Unambiguous characters (no 0/O, 1/I/L) so a code copied from paper is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_student_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class SchoolClass(models.Model):
    """A class (班级) of a school in a school year: the unit letters and receipts are counted by."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school"))
    school_year = models.PositiveSmallIntegerField(_("school year"))
    name = models.CharField(_("class"), max_length=30, help_text=_("e.g. 三年级（2）班"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school_year", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"],
                name="school_class_unique",
                violation_error_message=_("The school already has a class of this name this year."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fees:class_detail", args=[self.pk])


class StudentQuerySet(ScopedQuerySet):
    pass


class Student(models.Model):
    """A pupil on a class roster. The code printed on the letter is the family's only key: it is
    shown to the school and the family, never on a public page."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students", verbose_name=_("school"))
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="students", verbose_name=_("class")
    )
    name = models.CharField(_("name"), max_length=30)
    code = models.CharField(_("family code"), max_length=CODE_LENGTH, unique=True, default=new_student_code)
    is_boarder = models.BooleanField(_("boarder"), default=False)
    is_active = models.BooleanField(_("on the roll"), default=True)
    history = HistoricalRecords()

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school_class", "name"]
        indexes = [models.Index(fields=["school_class", "name"], name="student_class_name")]

    def __str__(self):
        return self.name

    @property
    def masked_name(self) -> str:
        """What a family sees to confirm the code is theirs: 张*明."""
        if len(self.name) <= 1:
            return self.name
        if len(self.name) == 2:
            return self.name[0] + "*"
        return self.name[0] + "*" * (len(self.name) - 2) + self.name[-1]


class ConsentQuerySet(ScopedQuerySet):
    school_path = "student__school"


class Consent(models.Model):
    """A family's choice for one voluntary category in one term, from a paper slip or online."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="consents", verbose_name=_("student"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    category = models.ForeignKey(FeeCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    choice = models.CharField(_("choice"), max_length=3, choices=ConsentChoice.choices)
    source = models.CharField(_("recorded from"), max_length=10, choices=ConsentSource.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["student", "term", "category"], name="consent_once_per_category")
        ]

    def __str__(self):
        return f"{self.student} {self.category} {self.get_choice_display()}"


class ReceiptScanQuerySet(ScopedQuerySet):
    school_path = "school_class__school"


class ReceiptScan(models.Model):
    """A scan of the paper receipts a class returned (回执存档)."""

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="receipt_scans", verbose_name=_("class")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    scan = EvidenceFileField(_("scan"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    history = HistoricalRecords()

    objects = ReceiptScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt scan")
        verbose_name_plural = _("receipt scans")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.school_class} {self.uploaded_at:%Y-%m-%d}"
