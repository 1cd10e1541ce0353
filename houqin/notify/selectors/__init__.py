from django.db.models import QuerySet

from houqin.notify.models import Notification


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user)
