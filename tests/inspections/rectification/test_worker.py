"""The daily escalation through a real Celery worker process and Redis."""

import datetime as dt

import pytest
from django.utils import timezone

from houqin.notify.models import Notification
from inspections.models import RectificationOrder
from inspections.tasks import orders_escalate
from tests import factories
from tests.conftest import wait_for
from tests.inspections.rectification.conftest import issue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_escalation_runs_in_a_worker_and_repeats_nothing(celery_worker):
    county = factories.CountyFactory(code="420677")
    school = factories.SchoolFactory(township=factories.TownshipFactory(county=county))
    admin = factories.bureau_admin(county, username="worker_admin")
    order = issue(factories.bureau_inspector(county, username="worker_inspector"), school)
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    orders_escalate.delay()
    assert wait_for(lambda: RectificationOrder.objects.filter(pk=order.pk, escalated_at__isnull=False).exists())
    stamp = RectificationOrder.objects.get(pk=order.pk).escalated_at
    orders_escalate.delay()
    orders_escalate.delay()
    # the worker takes tasks in order: once a later marker task has run, the repeats have too
    marker = factories.SchoolFactory(township=school.township)
    late = issue(factories.bureau_inspector(county, username="worker_inspector2"), marker)
    RectificationOrder.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    orders_escalate.delay()
    assert wait_for(lambda: RectificationOrder.objects.filter(pk=late.pk, escalated_at__isnull=False).exists())
    assert RectificationOrder.objects.get(pk=order.pk).escalated_at == stamp
    order.refresh_from_db()
    late.refresh_from_db()
    assert list(Notification.objects.filter(recipient=admin, rule="inspections.order_overdue")
                .order_by("pk").values_list("period", flat=True)) == [
        f"{order.number}:{order.deadline}", f"{late.number}:{late.deadline}"]
