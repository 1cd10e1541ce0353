from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeKind(models.TextChoices):
    SERVICE = "service", _("Service fee")
    PASS_THROUGH = "pass_through", _("Pass-through fee")


class FeeUnit(models.TextChoices):
    PER_TERM = "per_term", _("yuan per student per term")
    PER_MONTH = "per_month", _("yuan per student per month")
    PER_DAY = "per_day", _("yuan per student per day")
    PER_PIECE = "per_piece", _("yuan per piece")
    PER_YEAR = "per_year", _("yuan per student per year")


class CollectionMethod(models.TextChoices):
    """How the money is collected; two of these break the rule "两个不得"."""

    SEPARATE = "separate", _("Collected by the school separately, on the family's choice")
    DIRECT = "direct", _("Paid by the family directly to the provider; the school does not handle it")
    WITH_ADMIN_FEES = "with_admin_fees", _("Collected together with tuition, textbook or other administrative fees")
    AT_REGISTRATION = "at_registration", _("Collected at registration, as a condition of enrolment")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


EDITABLE_STATUSES = frozenset({NoticeStatus.DRAFT, NoticeStatus.RETURNED})
OPEN_STATUSES = frozenset({NoticeStatus.DRAFT, NoticeStatus.SUBMITTED, NoticeStatus.RETURNED, NoticeStatus.APPROVED})
PUBLIC_STATUSES = frozenset({NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED})


class ConsentChoice(models.TextChoices):
    OPT_IN = "in", _("Opted in")
    OPT_OUT = "out", _("Opted out")


class ConsentSource(models.TextChoices):
    PAPER = "paper", _("Paper receipt")
    ONLINE = "online", _("Online")


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SUBMITTED = "submitted", _("Reported")


PRICE_HOTLINE = "12358"
