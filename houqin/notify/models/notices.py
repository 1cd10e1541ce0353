"""Notices (通知公告) from the bureau to the schools, their attachments and read receipts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.uploads import EvidenceFileField
from houqin.notify.choices import Audience, NoticeStatus
from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES, Role
from houqin.org.models import County, School, Township

TITLE_MAX = 200
BODY_MAX = 20_000


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The bureau reads every notice of its county, drafts included; a township supervisor the
        published ones addressed to a school of its township; a school user those addressed to its
        school."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role in BUREAU_ROLES:
            return self.filter(county_id=user.county_id) if user.county_id else self.none()
        published = self.filter(status=NoticeStatus.PUBLISHED, county_id=user.county_id)
        if user.role == Role.TOWNSHIP_SUPERVISOR and user.township_id:
            return published.filter(audience_q(township_ids=[user.township_id],
                                               schools=School.objects.filter(township_id=user.township_id)))
        if user.role in SCHOOL_ROLES and user.school_id:
            school = School.objects.filter(pk=user.school_id)
            return published.filter(audience_q(township_ids=school.values("township_id"), schools=school))
        return self.none()


def audience_q(*, township_ids, schools) -> Q:
    """Notices addressed to any of `schools` (a School queryset) lying in `township_ids`."""
    return (
        Q(audience=Audience.COUNTY)
        | Q(audience=Audience.TOWNSHIPS,
            pk__in=Notice.townships.through.objects.filter(township_id__in=township_ids).values("notice_id"))
        | Q(audience=Audience.SCHOOLS,
            pk__in=Notice.schools.through.objects.filter(school__in=schools.values("pk")).values("notice_id"))
    )


class Notice(models.Model):
    """A notice the bureau writes as a draft and publishes to all schools of the county, the
    schools of chosen townships or chosen schools. Published, it does not change."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="bureau_notices",
                               verbose_name=_("county"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    audience = models.CharField(_("addressed to"), max_length=10, choices=Audience.choices,
                                default=Audience.COUNTY)
    townships = models.ManyToManyField(Township, blank=True, related_name="bureau_notices",
                                       verbose_name=_("chosen townships"))
    schools = models.ManyToManyField(School, blank=True, related_name="bureau_notices",
                                     verbose_name=_("chosen schools"))
    notify_staff = models.BooleanField(
        _("notify all school staff"), default=False,
        help_text=_("Principals are always notified; tick this to notify every school account."),
    )
    status = models.CharField(_("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("publisher"))
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bureau notice")
        verbose_name_plural = _("bureau notices")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["county", "status", "-published_at"], name="notice_county_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notify:notice_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT


class NoticeAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An attachment is seen by whoever may read its notice (core:protected_file relies on this)."""
        return self.filter(notice__in=Notice.objects.visible_to(user).values("pk"))


class NoticeAttachment(models.Model):
    """A file attached to a notice: an image or PDF, checked by content, served only in scope."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments",
                               verbose_name=_("bureau notice"))
    file = EvidenceFileField(_("file"))
    name = models.CharField(_("name"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = NoticeAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class NoticeReceipt(models.Model):
    """The first time a school user opened a published notice. `school` is the user's school then."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts",
                               verbose_name=_("bureau notice"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notice_receipts",
                             verbose_name=_("reader"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="notice_receipts",
                               verbose_name=_("school"))
    read_at = models.DateTimeField(_("first read"))

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["read_at", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_receipt_once_per_user")]
        indexes = [models.Index(fields=["notice", "school"], name="notice_receipt_school")]
