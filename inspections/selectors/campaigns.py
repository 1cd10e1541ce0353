"""Reads of the inspections app, always through the user's scope."""

from django.db.models import QuerySet

from inspections.models import Campaign


def campaign_list(*, user) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).select_related("rubric__campaign_type")
