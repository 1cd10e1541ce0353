"""Every transition of a fee notice, allowed and refused, and what each records."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from fees import services
from fees.choices import FeeUnit, NoticeStatus, SettlementStatus
from fees.models import FeeItem, FeeNotice, Settlement
from tests import factories
from tests.fees.conftest import add_item


def test_start_prefills_the_complaint_phones(school_a, term, principal_a, catalogue):
    notice = services.fee_notice_start(school=school_a, term=term, acting_user=principal_a)
    assert (notice.status, notice.version) == (NoticeStatus.DRAFT, 1)
    assert notice.school_phone == school_a.phone
    assert notice.bureau_phone == school_a.township.county.complaint_phone
    assert notice.price_hotline == "12358"
    with pytest.raises(ValidationError):
        services.fee_notice_start(school=school_a, term=term, acting_user=principal_a)


@pytest.mark.parametrize("who", ["bureau_admin", "supervisor_a", "staff_a"])
def test_only_the_schools_fee_keepers_start_a_notice(request, school_a, term, catalogue, who):
    with pytest.raises((PermissionDenied, Http404)):
        services.fee_notice_start(school=school_a, term=term, acting_user=request.getfixturevalue(who))


def test_finance_staff_keep_the_notice_too(school_a, term, catalogue):
    finance = factories.staff(school_a, duties=["finance"])
    notice = services.fee_notice_start(school=school_a, term=term, acting_user=finance)
    add_item(notice, catalogue["milk"], "学生饮用奶", "150", user=finance)
    assert notice.items.count() == 1


def test_another_school_cannot_be_touched(draft, principal_b, catalogue):
    with pytest.raises(Http404):
        add_item(draft, catalogue["milk"], "偷加项目", "1", user=principal_b)
    with pytest.raises(Http404):
        services.fee_notice_submit(notice=draft, acting_user=principal_b)


def test_submit_is_refused_while_findings_remain(draft, principal_a, catalogue):
    add_item(draft, catalogue["milk"], "暑期补课费", "100", user=principal_a)
    with pytest.raises(ValidationError) as error:
        services.fee_notice_submit(notice=draft, acting_user=principal_a)
    assert "补课费" in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT and draft.findings_count == 1


def test_the_full_workflow_records_who_did_what(draft, principal_a, bureau_inspector, django_capture_on_commit_callbacks):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_return(notice=draft, reason="请补充退费办法", acting_user=bureau_inspector)
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason) == (NoticeStatus.RETURNED, "请补充退费办法")
    item = draft.items.first()
    item.refund_rule = "按实退还"
    services.fee_item_save(item=item, acting_user=principal_a)
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_approve(notice=draft, acting_user=bureau_inspector)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.APPROVED and len(draft.digest) == 64
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=draft, acting_user=bureau_inspector)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.PUBLISHED and draft.published_by == bureau_inspector
    reasons = list(draft.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert "已报送教育局" not in reasons  # reasons are the action names
    assert reasons[-1] == "已公示" and "退回：请补充退费办法" in reasons and "报送教育局" in reasons
    assert draft.boards_current, "the board task ran on commit"


@pytest.mark.parametrize("service, status", [
    ("fee_notice_submit", NoticeStatus.SUBMITTED),
    ("fee_notice_approve", NoticeStatus.DRAFT),
    ("fee_notice_publish", NoticeStatus.SUBMITTED),
    ("fee_notice_return", NoticeStatus.PUBLISHED),
])
def test_transitions_from_the_wrong_status_are_refused(draft, principal_a, bureau_inspector, service, status):
    FeeNotice.objects.filter(pk=draft.pk).update(status=status)
    actor = principal_a if service == "fee_notice_submit" else bureau_inspector
    kwargs = {"reason": "x"} if service == "fee_notice_return" else {}
    with pytest.raises(ValidationError) as error:
        getattr(services, service)(notice=draft, acting_user=actor, **kwargs)
    assert "不能" in error.value.messages[0]
    assert FeeNotice.objects.get(pk=draft.pk).status == status


def test_the_school_cannot_review_its_own_notice(draft, principal_a):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    for service in (services.fee_notice_approve, services.fee_notice_publish):
        with pytest.raises(PermissionDenied):
            service(notice=draft, acting_user=principal_a)


def test_a_township_supervisor_is_read_only(draft, principal_a, supervisor_a):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    with pytest.raises(PermissionDenied):
        services.fee_notice_approve(notice=draft, acting_user=supervisor_a)


def test_return_needs_a_reason(draft, principal_a, bureau_inspector):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    with pytest.raises(ValidationError):
        services.fee_notice_return(notice=draft, reason="  ", acting_user=bureau_inspector)


def test_approval_runs_the_checks_again(draft, principal_a, bureau_admin, catalogue):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    catalogue["milk"].caps.update(max_amount=Decimal("100"))  # the county lowered the cap meanwhile
    with pytest.raises(ValidationError):
        services.fee_notice_approve(notice=draft, acting_user=bureau_admin)
    assert FeeNotice.objects.get(pk=draft.pk).status == NoticeStatus.SUBMITTED


def test_a_published_notice_never_changes(published, principal_a, catalogue):
    item = published.items.first()
    item.amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        services.fee_item_save(item=item, acting_user=principal_a)
    with pytest.raises(ValidationError):
        add_item(published, catalogue["milk"], "新项目", "1", user=principal_a)
    with pytest.raises(ValidationError):
        services.fee_item_delete(item=published.items.first(), acting_user=principal_a)
    assert published.items.get(pk=item.pk).amount == Decimal("180.00")


def test_publish_refuses_content_changed_after_approval(draft, principal_a, bureau_admin):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_approve(notice=draft, acting_user=bureau_admin)
    FeeItem.objects.filter(notice=draft).update(amount=Decimal("1.00"))  # tampering behind the services
    with pytest.raises(ValidationError):
        services.fee_notice_publish(notice=draft, acting_user=bureau_admin)


def test_a_correction_is_a_new_version_that_supersedes_the_old_on_publication(
    published, principal_a, bureau_admin, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.fee_notice_correct(notice=published, reason="", acting_user=principal_a)
    v2 = services.fee_notice_correct(notice=published, reason="牛奶价格下调", acting_user=principal_a)
    assert (v2.version, v2.previous_id, v2.status) == (2, published.pk, NoticeStatus.DRAFT)
    assert v2.items.count() == published.items.count()
    with pytest.raises(ValidationError):
        services.fee_notice_correct(notice=published, reason="再次", acting_user=principal_a)
    milk = v2.items.get(name="学生饮用奶")
    milk.amount = Decimal("160.00")
    services.fee_item_save(item=milk, acting_user=principal_a)
    assert FeeNotice.objects.get(pk=published.pk).status == NoticeStatus.PUBLISHED  # until v2 is published
    services.fee_notice_submit(notice=v2, acting_user=principal_a)
    services.fee_notice_approve(notice=v2, acting_user=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=v2, acting_user=bureau_admin)
    published.refresh_from_db()
    assert published.status == NoticeStatus.SUPERSEDED and published.superseded_at is not None
    assert published.items.get(name="学生饮用奶").amount == Decimal("180.00")
    assert FeeNotice.objects.get(pk=v2.pk).digest != published.digest


def test_duplicate_item_names_are_refused(draft, principal_a, catalogue):
    with pytest.raises(ValidationError) as error:
        add_item(draft, catalogue["milk"], "学生饮用奶", "10", user=principal_a)
    assert "已有同名收费项目" in str(error.value)


def test_a_category_of_another_county_is_refused(draft, principal_a, other_county):
    from fees.models import FeeCategory

    foreign = FeeCategory.objects.create(county=other_county, name="外县类别", kind="service")
    with pytest.raises(ValidationError):
        add_item(draft, foreign, "外县项目", "10", user=principal_a)


def test_publication_opens_the_settlements_the_school_must_make(published, term):
    settlements = Settlement.objects.filter(school=published.school, term=term)
    assert {s.category.name for s in settlements} == {"学生饮用奶", "伙食费"}
    assert all(s.due_date.isoformat() == "2027-02-06" and s.status == SettlementStatus.DRAFT for s in settlements)


def test_the_digest_changes_with_every_printed_detail(draft):
    before = services.fee_notice_digest(draft)
    item = draft.items.first()
    item.refund_rule = "按实退还"
    item.save()
    assert services.fee_notice_digest(draft) != before
    draft.school_phone = "0710-9999999"
    assert services.fee_notice_digest(draft) != before
