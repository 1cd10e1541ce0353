from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published to schools")


class Audience(models.TextChoices):
    """Who a bureau notice is addressed to."""

    COUNTY = "county", _("All schools of the county")
    TOWNSHIPS = "townships", _("The schools of chosen townships")
    SCHOOLS = "schools", _("Chosen schools")


# The rule and period under which a published notice is delivered to a user's inbox: once per notice.
NOTICE_RULE = "notify.notice_published"


def notice_period(notice_id: int) -> str:
    return f"notice:{notice_id}"
