"""Notice boards are built by a real Celery worker, once, and the county batch builds them all."""

import pytest

from fees import services
from fees.models import FeeNotice
from fees.tasks import notice_boards_render_county
from tests import factories
from tests.conftest import wait_for
from tests.fees.conftest import add_item

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def publish_one(school, term, catalogue, inspector):
    head = factories.principal(school)
    notice = services.fee_notice_start(school=school, term=term, acting_user=head)
    add_item(notice, catalogue["milk"], "学生饮用奶", "150", user=head)
    services.fee_notice_submit(notice=notice, acting_user=head)
    services.fee_notice_approve(notice=notice, acting_user=inspector)
    services.fee_notice_publish(notice=notice, acting_user=inspector)  # queues the boards on commit
    return notice


def test_publishing_builds_the_boards_in_the_worker_and_the_batch_repeats_nothing(
    celery_worker, township_a, term, catalogue, bureau_inspector
):
    notices = [publish_one(factories.SchoolFactory(township=township_a), term, catalogue, bureau_inspector)
               for _ in range(3)]
    ids = [n.pk for n in notices]
    assert wait_for(lambda: FeeNotice.objects.filter(pk__in=ids, board_digest__gt="").count() == 3, timeout=60)
    names = {n.pk: (n.board_a4.name, n.board_a3.name) for n in FeeNotice.objects.filter(pk__in=ids)}
    for notice in FeeNotice.objects.filter(pk__in=ids):
        assert notice.boards_current and notice.board_a4.storage.exists(notice.board_a4.name)
        with notice.board_a3.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    before = {n.pk: n.board_a4.storage.get_modified_time(n.board_a4.name) for n in FeeNotice.objects.filter(pk__in=ids)}
    notice_boards_render_county.delay(township_a.county_id)  # the bureau's batch rebuilds every board

    def modified(notice):
        try:
            return notice.board_a4.storage.get_modified_time(notice.board_a4.name)
        except FileNotFoundError:  # caught between removing the old file and writing the new one
            return None

    def rebuilt():
        return all((modified(n) or before[n.pk]) > before[n.pk] for n in FeeNotice.objects.filter(pk__in=ids))

    assert wait_for(rebuilt, timeout=60)
    after = FeeNotice.objects.filter(pk__in=ids)
    assert {n.pk: (n.board_a4.name, n.board_a3.name) for n in after} == names, "same files, no stray copies"
    folder = after[0].board_a4.name.rsplit("/", 1)[0]
    assert sorted(after[0].board_a4.storage.listdir(folder)[1]) == sorted(
        p.rsplit("/", 1)[1] for p in names[after[0].pk])
