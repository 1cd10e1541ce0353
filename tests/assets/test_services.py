"""Every rule and transition of the assets app, through its services: database state and history."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from openpyxl import Workbook

from assets import services
from assets.choices import AssetStatus, LineResult, RequestStatus, StockTakeStatus
from assets.models import (
    Acceptance,
    Asset,
    AssetRule,
    Compensation,
    Consumable,
    CustodyCheck,
    Deposit,
    PurchaseRequest,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
    StockTakeLine,
    Transfer,
)
from tests import factories
from tests.assets.conftest import make_asset

pytestmark = pytest.mark.django_db


def reasons(obj):
    return [h.history_change_reason for h in obj.history.order_by("history_date")]


# --- register ------------------------------------------------------------------------------------


def test_registering_gives_the_next_tag_code_of_the_school_and_keeps_history(asset_a, keeper_a, school_a, room_a):
    second = make_asset(school_a, keeper_a, room_a)
    assert asset_a.tag_code == f"ZC-{school_a.code}-00001" and second.tag_code == f"ZC-{school_a.code}-00002"
    assert asset_a.useful_life_years == 6  # the category's usual life when none is given
    record = asset_a.history.get()
    assert record.history_user == keeper_a and record.history_change_reason == "已登记"


@pytest.mark.parametrize("fields, field", [
    ({"original_value": Decimal("-1")}, "original_value"),
    ({"purchase_date": timezone.localdate() + dt.timedelta(days=3)}, "purchase_date"),
    ({"opening_depreciation": Decimal("5000")}, "opening_depreciation"),
    ({"useful_life_years": 0, "opening_depreciation": Decimal("10")}, "opening_depreciation"),
])
def test_bad_register_entries_are_refused_with_nothing_saved(school_a, keeper_a, room_a, fields, field):
    with pytest.raises(ValidationError) as error:
        make_asset(school_a, keeper_a, room_a, **fields)
    assert field in error.value.error_dict
    assert not Asset.objects.exists()


def test_depreciation_past_the_useful_life_is_refused(school_a, keeper_a, room_a, today):
    # bought a year ago with a 2-year life: at most half can have been depreciated by today
    with pytest.raises(ValidationError) as error:
        make_asset(school_a, keeper_a, room_a, purchase_date=today - dt.timedelta(days=365), useful_life_years=2,
                   original_value=Decimal("1000"), opening_depreciation=Decimal("900"), opening_date=today)
    assert "超过使用年限" in " ".join(error.value.message_dict["opening_depreciation"])


def test_only_the_asset_manager_and_the_principal_keep_the_register(school_a, teacher_a, principal_a, room_a,
                                                                     principal_b):
    with pytest.raises(PermissionDenied):
        make_asset(school_a, teacher_a, room_a)
    with pytest.raises(Http404):
        make_asset(school_a, principal_b, room_a)
    assert make_asset(school_a, principal_a, room_a).pk


def test_an_asset_cannot_be_put_in_another_schools_room(school_a, keeper_a, room_b):
    with pytest.raises(ValidationError) as error:
        make_asset(school_a, keeper_a, room_b)
    assert "room" in error.value.error_dict


def test_transfer_moves_the_asset_and_records_who_and_why(asset_a, room_a2, keeper_a, teacher_a):
    services.asset_transfer(asset=asset_a, to_room=room_a2, to_custodian=teacher_a, reason="调到三(2)班",
                            acting_user=keeper_a)
    asset_a.refresh_from_db()
    assert asset_a.room == room_a2 and asset_a.custodian == teacher_a
    transfer = Transfer.objects.get()
    assert transfer.from_room.name == "微机室" and transfer.recorded_by == keeper_a
    assert "调拨：调到三(2)班" in reasons(asset_a)[-1]


def test_a_transfer_needs_a_reason_and_a_room_of_the_school(asset_a, room_a2, room_b, keeper_a):
    with pytest.raises(ValidationError):
        services.asset_transfer(asset=asset_a, to_room=room_a2, to_custodian=None, reason=" ", acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.asset_transfer(asset=asset_a, to_room=room_b, to_custodian=None, reason="x", acting_user=keeper_a)
    assert not Transfer.objects.exists()


def test_an_edit_that_moves_the_asset_is_recorded_as_a_transfer(asset_a, room_a2, keeper_a):
    asset_a.room = room_a2
    services.asset_update(asset=asset_a, acting_user=keeper_a, reason="搬教室")
    assert Transfer.objects.get().to_room == room_a2


def test_an_edit_cannot_write_an_asset_off(asset_a, keeper_a):
    asset_a.status = AssetStatus.DISPOSED
    with pytest.raises(ValidationError):
        services.asset_update(asset=asset_a, acting_user=keeper_a)


def test_dormitory_rooms_keep_beds_and_occupants(school_a, keeper_a):
    room = services.room_save(room=Room(school=school_a, name="男生宿舍101", kind="dormitory", beds=14,
                                        occupants=14), acting_user=keeper_a)
    assert room.dorm_level == "primary" and room.code.startswith(f"FJ-{school_a.code}-")
    with pytest.raises(ValidationError):
        services.room_save(room=Room(school=school_a, name="宿舍X", kind="dormitory", beds=0), acting_user=keeper_a)


def test_the_county_rule_is_set_by_the_bureau_admin_only(county, bureau_admin, bureau_inspector):
    services.asset_rule_save(rule=AssetRule(bureau_approval_above=Decimal("30000")), acting_user=bureau_admin)
    assert AssetRule.objects.get(county=county).bureau_approval_above == Decimal("30000")
    with pytest.raises(PermissionDenied):
        services.asset_rule_save(rule=AssetRule(), acting_user=bureau_inspector)


# --- purchase ------------------------------------------------------------------------------------


def new_request(school, requester, head, **fields):
    values = {"item": "投影仪", "category": "audiovisual", "quantity": 2, "unit_price": Decimal("3200"),
              "department": "教务处", "reason": "旧投影仪损坏", "department_head": head, **fields}
    request = services.request_save(request=PurchaseRequest(school=school, **values), acting_user=requester)
    return services.request_submit(request=request, acting_user=requester)


def test_a_request_goes_head_then_principal_and_the_tier_follows_the_amount(school_a, teacher_a, keeper_a,
                                                                            principal_a):
    request = new_request(school_a, teacher_a, keeper_a)
    assert request.status == RequestStatus.PENDING_HEAD and request.amount == Decimal("6400")
    assert request.tier == "school" and not request.needs_bureau
    request = services.request_decide(request=request, approve=True, acting_user=keeper_a)
    assert request.status == RequestStatus.PENDING_PRINCIPAL
    with pytest.raises(PermissionDenied):  # not the principal's stage for the head
        services.request_decide(request=request, approve=True, acting_user=keeper_a)
    request = services.request_decide(request=request, approve=True, comment="同意", acting_user=principal_a)
    assert request.status == RequestStatus.APPROVED
    assert [a.stage for a in request.approvals.all()] == ["head", "principal"]
    assert reasons(request)[-1] == "校长已批准：同意"


def test_above_the_county_threshold_the_bureau_approves_too(county, school_a, teacher_a, keeper_a, principal_a,
                                                             bureau_admin, bureau_inspector):
    AssetRule.objects.create(county=county, bureau_approval_above=Decimal("5000"))
    request = new_request(school_a, teacher_a, keeper_a, unit_price=Decimal("30000"))
    assert request.needs_bureau and request.tier == "equipment_centre"
    services.request_decide(request=request, approve=True, acting_user=keeper_a)
    request = services.request_decide(request=request, approve=True, acting_user=principal_a)
    assert request.status == RequestStatus.PENDING_BUREAU
    with pytest.raises(PermissionDenied):
        services.request_decide(request=request, approve=True, acting_user=bureau_inspector)
    assert services.request_decide(request=request, approve=True, acting_user=bureau_admin).status == "approved"


def test_nobody_approves_their_own_request(school_a, keeper_a, principal_a, teacher_a):
    with pytest.raises(ValidationError) as error:
        services.request_save(request=PurchaseRequest(
            school=school_a, item="椅子", category="furniture", quantity=1, unit_price=Decimal("100"), department="x",
            reason="x", department_head=teacher_a), acting_user=teacher_a)
    assert "不能审批自己的申请" in str(error.value)
    # the principal's own request skips the principal's stage and goes to the bureau
    request = new_request(school_a, principal_a, keeper_a)
    assert request.needs_bureau
    with pytest.raises(ValidationError) as error:
        services.request_decide(request=request, approve=True, acting_user=principal_a)
    assert "不能审批自己的申请" in str(error.value)
    request = services.request_decide(request=request, approve=True, acting_user=keeper_a)
    assert request.status == RequestStatus.PENDING_BUREAU
    assert PurchaseRequest.objects.get().approvals.count() == 1


def test_a_rejection_says_why_and_ends_the_request(school_a, teacher_a, keeper_a):
    request = new_request(school_a, teacher_a, keeper_a)
    with pytest.raises(ValidationError):
        services.request_decide(request=request, approve=False, comment="", acting_user=keeper_a)
    request = services.request_decide(request=request, approve=False, comment="预算不足", acting_user=keeper_a)
    assert request.status == RequestStatus.REJECTED
    with pytest.raises(ValidationError):
        services.request_decide(request=request, approve=True, acting_user=keeper_a)


@pytest.fixture
def approved_request(school_a, teacher_a, keeper_a, principal_a):
    request = new_request(school_a, teacher_a, keeper_a)
    services.request_decide(request=request, approve=True, acting_user=keeper_a)
    return services.request_decide(request=request, approve=True, acting_user=principal_a)


def acceptance_of(request, room, second, **fields):
    values = {"accepted_on": timezone.localdate(), "quantity": 2, "unit_price": Decimal("3150"),
              "supplier": "襄阳教仪", "invoice_number": "FP1", "room": room, "useful_life_years": 5,
              "second_acceptor": second, **fields}
    return Acceptance(request=request, **values)


def test_acceptance_by_two_people_registers_one_asset_per_item(approved_request, room_a, keeper_a, principal_a,
                                                               school_a):
    acceptance = services.acceptance_record(acceptance=acceptance_of(approved_request, room_a, principal_a),
                                            acting_user=keeper_a)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.PENDING_ACCEPTANCE and not Asset.objects.exists()
    with pytest.raises(ValidationError):  # the first acceptor cannot confirm alone
        services.acceptance_confirm(acceptance=acceptance, acting_user=keeper_a)
    assets = services.acceptance_confirm(acceptance=acceptance, acting_user=principal_a)
    assert [a.tag_code for a in assets] == [f"ZC-{school_a.code}-00001", f"ZC-{school_a.code}-00002"]
    assert all(a.original_value == Decimal("3150") and a.room == room_a and a.purchase_request == approved_request
               for a in assets)
    approved_request.refresh_from_db()
    assert approved_request.status == RequestStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.acceptance_confirm(acceptance=acceptance, acting_user=principal_a)
    assert Asset.objects.count() == 2


def test_acceptance_refuses_one_person_more_than_approved_and_unapproved_requests(approved_request, room_a, keeper_a,
                                                                                  school_a, teacher_a):
    for fields, field in (({"second_acceptor": keeper_a}, "second_acceptor"), ({"quantity": 3}, "quantity"),
                          ({"unit_price": Decimal("4000")}, "unit_price")):
        with pytest.raises(ValidationError) as error:
            services.acceptance_record(acceptance=acceptance_of(approved_request, room_a, teacher_a, **fields),
                                       acting_user=keeper_a)
        assert field in error.value.error_dict
    assert not Acceptance.objects.exists()
    draft = services.request_save(request=PurchaseRequest(
        school=school_a, item="椅子", category="furniture", quantity=1, unit_price=Decimal("100"), department="x",
        reason="x", department_head=keeper_a), acting_user=teacher_a)
    with pytest.raises(ValidationError):
        services.acceptance_record(acceptance=acceptance_of(draft, room_a, teacher_a, quantity=1), acting_user=keeper_a)


# --- stock-take ----------------------------------------------------------------------------------


@pytest.fixture
def counting(school_a, keeper_a, room_a, room_a2):
    a1 = make_asset(school_a, keeper_a, room_a, name="电脑1")
    a2 = make_asset(school_a, keeper_a, room_a, name="电脑2")
    a3 = make_asset(school_a, keeper_a, room_a, name="电脑3")
    desk = make_asset(school_a, keeper_a, room_a2, name="讲台", category="furniture")
    stocktake = services.stocktake_start(stocktake=StockTake(school=school_a, title="2026年度盘点"),
                                         acting_user=keeper_a)
    return {"stocktake": stocktake, "a1": a1, "a2": a2, "a3": a3, "desk": desk}


def scan(stocktake, code, room, user):
    return services.stocktake_scan(stocktake=stocktake, code=code, room=room, acting_user=user)


def test_a_room_by_room_count_with_a_missing_and_a_misplaced_asset(counting, room_a, room_a2, keeper_a, principal_a):
    st, a1, a2, a3, desk = (counting[k] for k in ("stocktake", "a1", "a2", "a3", "desk"))
    outcome = scan(st, room_a.code, None, keeper_a)
    assert outcome.level == "success" and outcome.room == room_a
    assert scan(st, a1.tag_code, room_a, keeper_a).level == "success"
    assert scan(st, f"http://example.cn/assets/t/{a2.tag_code}/", room_a, keeper_a).level == "success"
    misplaced = scan(st, desk.tag_code, room_a, keeper_a)
    assert misplaced.level == "warning" and misplaced.line.result == LineResult.MISPLACED
    double = scan(st, a1.tag_code, room_a, keeper_a)
    assert double.level == "warning" and "重复扫描" in double.message
    missing = services.stocktake_room_finish(stocktake=st, room=room_a, acting_user=keeper_a)
    assert [line.asset for line in missing] == [a3]
    # room 2 held only the desk, counted in room 1: every asset is reached
    st = services.stocktake_submit(stocktake=st, note="电脑3 疑被借出未归还", acting_user=keeper_a)
    assert st.status == StockTakeStatus.SUBMITTED
    with pytest.raises(ValidationError):  # counting is closed
        scan(st, a1.tag_code, room_a, keeper_a)
    st = services.stocktake_approve(stocktake=st, acting_user=principal_a)
    assert st.status == StockTakeStatus.APPROVED
    a3.refresh_from_db()
    desk.refresh_from_db()
    assert a3.status == AssetStatus.LOST and a3.disposed_on == timezone.localdate()
    assert desk.room == room_a  # the register follows where it was found
    assert StockTakeLine.objects.filter(stocktake=st).count() == 4


def test_unknown_and_other_schools_tags_are_refused_with_a_message(counting, room_a, room_b, asset_b, keeper_a):
    st = counting["stocktake"]
    assert scan(st, "ZC-9999999999-00001", room_a, keeper_a).level == "danger"
    other = scan(st, asset_b.tag_code, room_a, keeper_a)
    assert other.level == "danger" and "其他学校" in other.message
    assert scan(st, room_b.code, None, keeper_a).level == "danger"
    assert scan(st, "hello", room_a, keeper_a).level == "danger"
    assert scan(st, counting["a1"].tag_code, None, keeper_a).level == "warning"  # no room scanned yet
    assert not StockTakeLine.objects.exists()


def test_a_misplaced_asset_can_be_corrected_on_the_spot(counting, room_a, keeper_a):
    st, desk = counting["stocktake"], counting["desk"]
    line = scan(st, desk.tag_code, room_a, keeper_a).line
    services.stocktake_line_correct(line=line, acting_user=keeper_a)
    desk.refresh_from_db()
    assert desk.room == room_a and Transfer.objects.filter(asset=desk).exists()
    with pytest.raises(ValidationError):
        services.stocktake_line_correct(line=line, acting_user=keeper_a)


def test_a_missing_asset_found_later_in_the_count_is_no_longer_missing(counting, room_a, room_a2, keeper_a):
    st, desk = counting["stocktake"], counting["desk"]
    scan(st, room_a2.code, None, keeper_a)
    services.stocktake_room_finish(stocktake=st, room=room_a2, acting_user=keeper_a)
    assert StockTakeLine.objects.get(asset=desk).result == LineResult.MISSING
    scan(st, desk.tag_code, room_a, keeper_a)
    assert StockTakeLine.objects.get(asset=desk).result == LineResult.MISPLACED


def test_the_report_needs_every_asset_reached_and_is_approved_by_the_principal_not_the_submitter(
        counting, room_a, room_a2, keeper_a, principal_a, bureau_admin):
    st = counting["stocktake"]
    with pytest.raises(ValidationError) as error:
        services.stocktake_submit(stocktake=st, note="", acting_user=keeper_a)
    assert "尚未清点" in str(error.value)
    for room in (room_a, room_a2):
        scan(st, room.code, None, keeper_a)
        services.stocktake_room_finish(stocktake=st, room=room, acting_user=keeper_a)
    st = services.stocktake_submit(stocktake=st, note="", acting_user=principal_a)
    with pytest.raises(ValidationError):
        services.stocktake_approve(stocktake=st, acting_user=principal_a)  # own report
    with pytest.raises(PermissionDenied):
        services.stocktake_approve(stocktake=st, acting_user=keeper_a)
    assert services.stocktake_approve(stocktake=st, acting_user=bureau_admin).status == StockTakeStatus.APPROVED
    assert Asset.objects.filter(status=AssetStatus.LOST).count() == 4


def test_surplus_items_are_registered_on_approval_and_a_return_reopens_the_count(counting, room_a, room_a2,
                                                                                 keeper_a, principal_a):
    st = counting["stocktake"]
    for room in (room_a, room_a2):
        scan(st, room.code, None, keeper_a)
        services.stocktake_room_finish(stocktake=st, room=room, acting_user=keeper_a)
    services.stocktake_surplus_add(stocktake=st, room=room_a, name="路由器", category="computer",
                                   value=Decimal("300"), note="无标签", acting_user=keeper_a)
    st = services.stocktake_submit(stocktake=st, note="", acting_user=keeper_a)
    st = services.stocktake_return(stocktake=st, comment="请复点微机室", acting_user=principal_a)
    assert st.status == StockTakeStatus.OPEN
    st = services.stocktake_submit(stocktake=st, note="", acting_user=keeper_a)
    services.stocktake_approve(stocktake=st, acting_user=principal_a)
    router = Asset.objects.get(name="路由器")
    assert router.source == "surplus" and router.room == room_a and router.original_value == Decimal("300")


def test_one_open_stocktake_per_school(counting, school_a, keeper_a):
    with pytest.raises(ValidationError):
        services.stocktake_start(stocktake=StockTake(school=school_a, title="again"), acting_user=keeper_a)


# --- custody -------------------------------------------------------------------------------------


@pytest.fixture
def term(db):
    from houqin.org.models import Term

    today = timezone.localdate()
    return Term.objects.create(school_year=today.year, semester=1, start_date=today - dt.timedelta(days=30),
                               end_date=today + dt.timedelta(days=90))


def test_custody_handover_then_check_then_hand_back(asset_a, room_a, keeper_a, teacher_a, term, today):
    with pytest.raises(ValidationError):
        services.custody_record(room=room_a, term=term, kind="midterm", date=today, keeper=teacher_a,
                                present_ids=[asset_a.pk], acting_user=keeper_a)
    check = services.custody_record(room=room_a, term=term, kind="handover", date=today, keeper=teacher_a,
                                    present_ids=[asset_a.pk], acting_user=keeper_a)
    assert (check.expected, check.present) == (1, 1)
    room_a.refresh_from_db()
    assert room_a.keeper == teacher_a
    back = services.custody_record(room=room_a, term=term, kind="handback", date=today, keeper=teacher_a,
                                   present_ids=[], conditions={asset_a.pk: "丢失"}, acting_user=keeper_a)
    assert back.present == 0 and back.lines.get().condition == "丢失"
    with pytest.raises(ValidationError):
        services.custody_record(room=room_a, term=term, kind="handback", date=today, keeper=teacher_a,
                                present_ids=[], acting_user=keeper_a)
    assert CustodyCheck.objects.count() == 2


# --- disposal and compensation ------------------------------------------------------------------


def test_a_disposal_needs_its_appraisal_and_someone_else_to_approve(asset_a, keeper_a, principal_a, today):
    disposal = services.disposal_request(asset=asset_a, reason="主板损坏", acting_user=keeper_a)
    asset_a.refresh_from_db()
    assert asset_a.status == AssetStatus.PENDING_DISPOSAL
    with pytest.raises(ValidationError) as error:
        services.disposal_decide(disposal=disposal, approve=True, acting_user=principal_a)
    assert "鉴定" in str(error.value)
    with pytest.raises(ValidationError):
        services.disposal_appraise(disposal=disposal, appraisal="", appraisers="", appraised_on=today,
                                   acting_user=keeper_a)
    services.disposal_appraise(disposal=disposal, appraisal="无维修价值", appraisers="电教员 张三", appraised_on=today,
                               acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.disposal_decide(disposal=disposal, approve=True, acting_user=keeper_a)  # own request
    disposal = services.disposal_decide(disposal=disposal, approve=True, acting_user=principal_a)
    asset_a.refresh_from_db()
    assert disposal.status == "approved" and asset_a.status == AssetStatus.DISPOSED and asset_a.disposed_on == today
    assert Asset.objects.filter(pk=asset_a.pk).exists()  # never deleted


def test_a_valuable_disposal_goes_to_the_bureau_and_a_rejection_restores_the_asset(
        county, school_a, keeper_a, room_a, principal_a, bureau_admin, today):
    asset = make_asset(school_a, keeper_a, room_a, original_value=Decimal("80000"), status="idle")
    disposal = services.disposal_request(asset=asset, reason="老化", acting_user=keeper_a)
    services.disposal_appraise(disposal=disposal, appraisal="老化", appraisers="甲、乙", appraised_on=today,
                               acting_user=keeper_a)
    disposal = services.disposal_decide(disposal=disposal, approve=True, acting_user=principal_a)
    assert disposal.status == "pending_bureau"
    with pytest.raises(ValidationError):
        services.disposal_decide(disposal=disposal, approve=False, comment="", acting_user=bureau_admin)
    services.disposal_decide(disposal=disposal, approve=False, comment="可调剂使用", acting_user=bureau_admin)
    asset.refresh_from_db()
    assert asset.status == "idle"


def test_compensation_is_recorded_and_voided_never_deleted(school_a, keeper_a, asset_a, today):
    entry = services.compensation_record(compensation=Compensation(
        school=school_a, asset=asset_a, item="键盘", date=today, responsible="李明 三(2)班", description="摔坏",
        amount=Decimal("60")), acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.compensation_record(compensation=Compensation(
            school=school_a, item="窗玻璃", date=today, responsible="x", description="x", amount=Decimal("-5")),
            acting_user=keeper_a)
    services.compensation_void(compensation=entry, reason="重复登记", acting_user=keeper_a)
    entry.refresh_from_db()
    assert entry.voided_at and Compensation.objects.count() == 1


# --- repairs -------------------------------------------------------------------------------------


def report(school, user, **fields):
    values = {"category": "water", "location": "二楼男厕所", "description": "水龙头漏水", **fields}
    return services.repair_report(ticket=RepairTicket(school=school, **values), acting_user=user)


def test_a_repair_reported_dispatched_fixed_the_same_day_and_rated(school_a, teacher_a, keeper_a, asset_a):
    ticket = report(school_a, teacher_a, asset=asset_a)
    assert ticket.number.startswith(f"BX-{school_a.code}-") and ticket.status == "reported"
    services.repair_dispatch(ticket=ticket, repairer="李师傅", acting_user=keeper_a)
    asset_a.refresh_from_db()
    assert asset_a.status == AssetStatus.REPAIR
    services.repair_arrive(ticket=ticket, acting_user=keeper_a)
    ticket = services.repair_complete(ticket=ticket, result="更换阀芯", cost=Decimal("18"), acting_user=keeper_a)
    asset_a.refresh_from_db()
    assert ticket.status == "done" and asset_a.status == AssetStatus.IN_USE
    with pytest.raises(PermissionDenied):
        services.repair_rate(ticket=ticket, rating=5, acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.repair_rate(ticket=ticket, rating=9, acting_user=teacher_a)
    ticket = services.repair_rate(ticket=ticket, rating=4, comment="及时", acting_user=teacher_a)
    assert ticket.rating == 4 and not ticket.is_overdue(timezone.localdate())
    with pytest.raises(ValidationError):
        services.repair_rate(ticket=ticket, rating=5, acting_user=teacher_a)


def test_repairs_are_overdue_after_their_day_or_the_day_promised(school_a, teacher_a, keeper_a, today):
    old = report(school_a, teacher_a)
    RepairTicket.objects.filter(pk=old.pk).update(reported_at=timezone.now() - dt.timedelta(days=2))
    old.refresh_from_db()
    assert old.is_overdue(today)
    services.repair_dispatch(ticket=old, repairer="李", acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.repair_postpone(ticket=old, reason="", promised_date=today, acting_user=keeper_a)
    old = services.repair_postpone(ticket=old, reason="需购配件", promised_date=today + dt.timedelta(days=2),
                                   acting_user=keeper_a)
    assert not old.is_overdue(today) and old.is_overdue(today + dt.timedelta(days=3))
    from assets.selectors import overdue_repairs_q

    assert not RepairTicket.objects.filter(overdue_repairs_q(today)).exists()
    assert RepairTicket.objects.filter(overdue_repairs_q(today + dt.timedelta(days=3))).exists()


def test_only_people_of_the_school_report_and_only_keepers_dispatch(school_a, teacher_a, principal_b,
                                                                    bureau_admin):
    with pytest.raises(Http404):
        report(school_a, principal_b)
    with pytest.raises(PermissionDenied):
        report(school_a, bureau_admin)
    ticket = report(school_a, teacher_a)
    with pytest.raises(PermissionDenied):
        services.repair_dispatch(ticket=ticket, repairer="x", acting_user=teacher_a)


# --- facility standard, store, deposits ----------------------------------------------------------


def test_facility_checklist_keeps_one_current_state_per_item_with_history(school_a, keeper_a):
    services.facility_check_save(school_id=school_a.pk, item="water", state="partly", note="水质待检",
                                 acting_user=keeper_a)
    check = services.facility_check_save(school_id=school_a.pk, item="water", state="met", note="",
                                         acting_user=keeper_a)
    assert check.history.count() == 2
    from assets.selectors import school_facilities

    data = school_facilities(school_a.pk)
    assert data["met"] == 1 and data["total"] == 18 and data["ten_total"] == 10 and data["eight_total"] == 8


def test_dormitory_rule_flags_crowded_rooms(school_a, keeper_a, school_b, keeper_b):
    from assets.selectors import school_facilities

    services.room_save(room=Room(school=school_a, name="宿舍1", kind="dormitory", beds=14, occupants=13),
                       acting_user=keeper_a)
    services.room_save(room=Room(school=school_a, name="宿舍2", kind="dormitory", dorm_level="secondary", beds=10,
                                 occupants=9), acting_user=keeper_a)
    services.room_save(room=Room(school=school_a, name="宿舍3", kind="dormitory", beds=6, occupants=7),
                       acting_user=keeper_a)
    crowded = {r.name for r in school_facilities(school_a.pk)["crowded"]}
    assert crowded == {"宿舍1", "宿舍2", "宿舍3"}


def test_consumables_are_issued_on_approved_requisitions_old_for_new(school_a, keeper_a, teacher_a, principal_a):
    broom = services.consumable_save(consumable=Consumable(school=school_a, name="扫把", unit="把", exchange_old=True),
                                     acting_user=keeper_a)
    services.consumable_receive(consumable=broom, quantity=5, acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.requisition_create(requisition=Requisition(consumable=broom, quantity=2, department="三(2)班",
                                                            approver=teacher_a), acting_user=teacher_a)
    slip = services.requisition_create(requisition=Requisition(consumable=broom, quantity=2, department="三(2)班",
                                                               approver=principal_a), acting_user=teacher_a)
    with pytest.raises(ValidationError):  # not approved yet
        services.requisition_issue(requisition=slip, old_returned=True, acting_user=keeper_a)
    services.requisition_decide(requisition=slip, approve=True, acting_user=principal_a)
    with pytest.raises(ValidationError) as error:
        services.requisition_issue(requisition=slip, old_returned=False, acting_user=keeper_a)
    assert "以旧换新" in str(error.value)
    services.requisition_issue(requisition=slip, old_returned=True, acting_user=keeper_a)
    broom.refresh_from_db()
    assert broom.stock == 3 and Requisition.objects.get().status == "issued"


def test_deposits_for_keys_are_refunded_no_more_than_paid(school_a, keeper_a, today):
    deposit = services.deposit_record(deposit=Deposit(school=school_a, item="key", description="三(2)班前门",
                                                      holder="王老师", amount=Decimal("20"), lent_on=today),
                                      acting_user=keeper_a)
    with pytest.raises(ValidationError):
        services.deposit_return(deposit=deposit, returned_on=today, refunded=Decimal("25"), acting_user=keeper_a)
    deposit = services.deposit_return(deposit=deposit, returned_on=today, refunded=Decimal("20"), acting_user=keeper_a)
    assert deposit.returned_on == today


# --- reconciliation ------------------------------------------------------------------------------


def finance_export(rows, header=("资产编号", "资产名称", "原值")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某某学校固定资产明细表"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_reconciliation_lists_the_differences(school_a, keeper_a, room_a):
    a1 = make_asset(school_a, keeper_a, room_a)
    a2 = make_asset(school_a, keeper_a, room_a)
    a3 = make_asset(school_a, keeper_a, room_a)
    upload = finance_export([(a1.tag_code, "台式计算机", 4800), (a2.tag_code, "台式计算机", "4,500.00"),
                             ("ZC-0000000000-99999", "空调", 3000)])
    rec = services.reconciliation_run(school_id=school_a.pk, fileobj=upload, file_name="财务.xlsx", period="2026-H1",
                                      acting_user=keeper_a)
    kinds = {(line.kind, line.tag_code) for line in rec.lines.all()}
    assert kinds == {("value", a2.tag_code), ("only_finance", "ZC-0000000000-99999"), ("only_register", a3.tag_code)}
    assert rec.difference_count == 3 and rec.register_count == 3 and rec.finance_count == 3


def test_a_finance_file_without_the_columns_is_refused(school_a, keeper_a):
    with pytest.raises(ValidationError) as error:
        services.reconciliation_run(school_id=school_a.pk, fileobj=finance_export([("x",)], header=("甲", "乙")),
                                    file_name="x.xlsx", period="2026-H1", acting_user=keeper_a)
    assert "资产编号" in str(error.value)
    with pytest.raises(ValidationError):
        services.reconciliation_run(school_id=school_a.pk, fileobj=io.BytesIO(b"not excel"), file_name="x.xlsx",
                                    period="2026-H1", acting_user=keeper_a)


def test_the_staff_of_another_duty_cannot_keep_the_register(school_a, staff_a, room_a):
    with pytest.raises(PermissionDenied):
        make_asset(school_a, staff_a, room_a)
    assert factories  # the canteen manager is a school member all the same: they report repairs
    assert report(school_a, staff_a).pk
