"""Fee notices (收费公示): one per school and term and version, with their items and boards."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fees.choices import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    PRICE_HOTLINE,
    PUBLIC_STATUSES,
    CollectionMethod,
    FeeKind,
    FeeUnit,
    NoticeStatus,
)
from fees.models.catalogue import FeeCategory, PolicyDocument
from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import School, Term, phone_validator


class FeeNoticeQuerySet(ScopedQuerySet):
    def public(self):
        """What parents may read: published versions and the versions they superseded."""
        return self.filter(status__in=PUBLIC_STATUSES)


def board_upload_to(instance, filename):
    return f"boards/{instance.school.code}/{instance.term_id}/v{instance.version}-{filename}"


class FeeNotice(models.Model):
    """A school's list of fees for a term. A published version never changes: a correction is a
    new version that supersedes it when it is published in turn."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="fee_notices", verbose_name=_("school"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="fee_notices", verbose_name=_("term"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction",
        verbose_name=_("corrects version"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    school_phone = models.CharField(_("school complaint phone"), max_length=20, blank=True, validators=[phone_validator])
    bureau_phone = models.CharField(_("bureau complaint phone"), max_length=20, blank=True, validators=[phone_validator])
    price_hotline = models.CharField(_("price hotline"), max_length=20, default=PRICE_HOTLINE, blank=True)
    remarks = models.TextField(_("remarks to families"), blank=True, max_length=2000)
    consent_deadline = models.DateField(
        _("consent deadline"), null=True, blank=True,
        help_text=_("Until this day families can give or change their choice online."),
    )
    findings = models.JSONField(_("compliance findings"), default=list, blank=True)
    findings_count = models.PositiveSmallIntegerField(_("findings"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )
    return_reason = models.TextField(_("reasons for return"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    digest = models.CharField(_("digest"), max_length=64, blank=True, db_index=True)
    board_a4 = models.FileField(_("notice board (A4)"), upload_to=board_upload_to, blank=True, max_length=255)
    board_a3 = models.FileField(_("notice board (A3)"), upload_to=board_upload_to, blank=True, max_length=255)
    board_digest = models.CharField(_("digest of the boards"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["findings", "findings_count", "updated_at"])

    objects = FeeNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")
        ordering = ["-term__school_year", "-term__semester", "school__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term", "version"],
                name="fee_notice_version_unique",
                violation_error_message=_("This version of the notice exists already."),
            ),
            models.UniqueConstraint(
                fields=["school", "term"],
                condition=Q(status=NoticeStatus.PUBLISHED),
                name="fee_notice_one_published",
                violation_error_message=_("Only one version of a notice can be published at a time."),
            ),
            models.UniqueConstraint(
                fields=["school", "term"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="fee_notice_one_in_progress",
                violation_error_message=_("This school already has a notice in progress for this term."),
            ),
        ]
        indexes = [
            models.Index(fields=["term", "status"], name="fee_notice_term_status"),
            models.Index(fields=["status", "-submitted_at"], name="fee_notice_status_submitted"),
            # the list's sorts: the school's notices by date, a term's by findings
            models.Index(fields=["school", "published_at"], name="fee_notice_school_published"),
            models.Index(fields=["term", "findings_count"], name="fee_notice_term_findings"),
        ]

    def __str__(self):
        return _("%(school)s fee notice, %(term)s, version %(version)s") % {
            "school": self.school.name, "term": self.term, "version": self.version,
        }

    def get_absolute_url(self):
        return reverse("fees:notice_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("public:notice_version", args=[self.school.code, self.term_id, self.version])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def short_digest(self) -> str:
        """The digest as printed on the board: 12 characters in groups of four."""
        head = self.digest[:12].upper()
        return "-".join(head[i : i + 4] for i in range(0, len(head), 4))

    @property
    def boards_current(self) -> bool:
        return bool(self.digest) and self.board_digest == self.digest and bool(self.board_a4)


class FeeItem(models.Model):
    """One fee of a notice with everything a family must know about it (SPEC §2)."""

    notice = models.ForeignKey(FeeNotice, on_delete=models.CASCADE, related_name="items", verbose_name=_("notice"))
    category = models.ForeignKey(FeeCategory, on_delete=models.PROTECT, related_name="items", verbose_name=_("category"))
    name = models.CharField(_("item"), max_length=60)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=9, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(99_999)],
    )
    unit = models.CharField(_("unit"), max_length=20, choices=FeeUnit.choices)
    scope = models.CharField(_("who it applies to"), max_length=100, default="全体学生")
    is_voluntary = models.BooleanField(_("voluntary"), default=True)
    collection_method = models.CharField(
        _("how it is collected"), max_length=20, choices=CollectionMethod.choices, default=CollectionMethod.SEPARATE
    )
    refund_rule = models.CharField(_("refund rule"), max_length=300, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    supplier_reason = models.CharField(_("why this supplier was chosen"), max_length=300, blank=True)
    supplier_qualification = models.CharField(_("supplier qualifications"), max_length=300, blank=True)
    supplier_price = models.CharField(_("price comparison"), max_length=300, blank=True)
    supplier_quality = models.CharField(_("quality standard"), max_length=300, blank=True)
    policy = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("policy basis"),
    )
    policy_basis = models.CharField(
        _("other policy basis"), max_length=200, blank=True,
        help_text=_("Only when the document is not in the county's library."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # What the catalogue said when the notice was approved: the board, the public pages and the digest
    # read these, so a later change of the catalogue never changes a notice already approved.
    sealed_category = models.CharField(_("category as approved"), max_length=50, blank=True)
    sealed_kind = models.CharField(_("kind as approved"), max_length=20, choices=FeeKind.choices, blank=True)
    sealed_policy = models.CharField(_("policy basis as approved"), max_length=300, blank=True)
    sealed_policy_number = models.CharField(_("policy number as approved"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "name"],
                name="fee_item_unique_name",
                violation_error_message=_("The notice already has an item of this name."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_item_amount_not_negative"),
        ]

    def __str__(self):
        return self.name

    def seal(self) -> None:
        """Copy what the catalogue says now into the item (done when the notice is approved)."""
        self.sealed_category = self.category.name
        self.sealed_kind = self.category.kind
        self.sealed_policy = self._live_policy_text()
        self.sealed_policy_number = self._live_policy_number()

    def unseal(self) -> None:
        self.sealed_category = self.sealed_kind = self.sealed_policy = self.sealed_policy_number = ""

    @property
    def category_name(self) -> str:
        return self.sealed_category or self.category.name

    @property
    def kind_label(self) -> str:
        return str(dict(FeeKind.choices).get(self.sealed_kind or self.category.kind, ""))

    @property
    def policy_number(self) -> str:
        """The policy basis in short, as printed on the board: the document number."""
        return self.sealed_policy_number or self._live_policy_number()

    @property
    def policy_text(self) -> str:
        """The policy basis as printed: the item's own, else the category's."""
        return self.sealed_policy or self._live_policy_text()

    def _live_policy_number(self) -> str:
        if self.policy_id:
            return self.policy.number
        if self.policy_basis:
            return self.policy_basis
        return self.category.policy.number if self.category.policy_id else ""

    def _live_policy_text(self) -> str:
        if self.policy_id:
            return str(self.policy)
        if self.policy_basis:
            return self.policy_basis
        return str(self.category.policy) if self.category.policy_id else ""
