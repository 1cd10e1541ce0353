"""The bench's figures of background work run on the tiny data set, so that they cannot rot: each
produces its figures (their values are not asserted), the reminder run repeats nothing, and the
data set is left as it was for the next measurement."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from canteens.models import Canteen, PurchaseEntry
from fees.models import FeeNotice
from houqin.core import benchtasks
from houqin.notify.models import Notification, ReminderRun
from houqin.org.choices import Role
from houqin.org.models import County, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tiny():
    call_command("bench_data", scale="tiny", stdout=io.StringIO())


def test_the_reminder_run_is_timed_and_its_second_run_delivers_nothing(tiny):
    inbox = Notification.objects.count()
    figures = benchtasks.measure_reminders()
    assert set(figures) == {"reminder_run_s", "reminder_run_new", "reminder_second_run_new"}
    assert figures["reminder_run_new"] > 0 and figures["reminder_second_run_new"] == 0
    assert Notification.objects.count() == inbox and not ReminderRun.objects.exists(), "both runs rolled back"


def test_the_purchase_import_and_export_are_timed_and_leave_the_ledger_as_it_was(tiny):
    canteen = Canteen.objects.order_by("pk").first()
    principal = User.objects.get(role=Role.PRINCIPAL, school=canteen.school)
    ledger = PurchaseEntry.objects.count()
    figures = benchtasks.measure_excel(canteen, principal, rows=40)
    assert set(figures) == {"excel_import_10k_rows_s", "excel_export_10k_rows_s"}
    assert PurchaseEntry.objects.count() == ledger
    assert not PurchaseEntry.history.filter(batch__startswith=benchtasks.BATCH_PREFIX).exists()


@pytest.mark.worker
def test_the_county_board_batch_runs_in_a_real_worker_and_leaves_no_boards_behind(tiny, settings):
    county = County.objects.order_by("pk").first()
    notices = FeeNotice.objects.filter(school__township__county=county).order_by("pk")
    before = list(notices.values_list("pk", "board_a4", "board_a3", "board_digest", "updated_at"))
    figures = benchtasks.measure_pdf_batch(county)
    assert figures["pdf_batch_boards"] == len(before) > 0 and figures["pdf_batch_boards_per_s"] > 0
    assert list(notices.values_list("pk", "board_a4", "board_a3", "board_digest", "updated_at")) == before
    boards = Path(settings.MEDIA_ROOT) / "boards"
    assert [path for notice in notices for path in boards.glob(f"{notice.school.code}/**/*.pdf")] == []
    assert not [path for notice in notices if (boards / notice.school.code).exists()], "nor their folders"
