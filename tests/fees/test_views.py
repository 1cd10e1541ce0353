"""Fee pages: the scope contract on every view, the live compliance check, bad input, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fees import services
from fees.choices import NoticeStatus
from fees.models import FeeItem, FeeNotice, SchoolClass, Settlement
from tests import factories
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found

ITEM = {"category": None, "name": "学生饮用奶", "amount": "180.00", "unit": "per_term", "scope": "全体学生",
        "is_voluntary": "on", "collection_method": "separate"}


def notice_urls(notice):
    urls = [reverse(f"fees:{name}", args=[notice.pk]) for name in
            ("notice_detail", "notice_update", "item_create", "notice_submit", "notice_approve", "notice_publish",
             "notice_return", "notice_correct", "notice_consent", "item_check_new")]
    urls.append(reverse("fees:notice_board", args=[notice.pk, "A4"]))
    item = notice.items.first()
    if item:
        urls += [reverse("fees:item_update", args=[notice.pk, item.pk]),
                 reverse("fees:item_delete", args=[notice.pk, item.pk])]
    return urls


def test_another_schools_notice_is_404_on_every_page(client, draft, principal_b):
    assert_not_found(client, principal_b, notice_urls(draft))


def test_another_countys_bureau_gets_404(client, draft, far_admin):
    assert_not_found(client, far_admin, notice_urls(draft))


def test_supervisor_of_another_township_gets_404(client, draft, township_b):
    other = factories.supervisor(township_b)
    assert_not_found(client, other, notice_urls(draft), methods=("get",))


def test_lists_and_exports_leave_other_schools_out(client, draft, principal_b, school_b, term, catalogue, principal_a):
    services.fee_notice_start(school=school_b, term=term, acting_user=principal_b)
    assert_list_excludes(client, principal_a, reverse("fees:notice_list"), present=[draft.school.name],
                         absent=[school_b.name])


def test_a_post_cannot_move_an_item_into_another_schools_notice(client, draft, principal_a, school_b, term,
                                                                principal_b, catalogue):
    other = services.fee_notice_start(school=school_b, term=term, acting_user=principal_b)
    item = draft.items.first()
    data = {**ITEM, "category": catalogue["milk"].pk, "notice": other.pk}
    assert_cannot_move(client, principal_a, reverse("fees:item_update", args=[draft.pk, item.pk]), data,
                       field="notice", foreign_value=other.pk,
                       reload=lambda: FeeItem.objects.get(pk=item.pk).notice_id, expected=draft.pk)
    assert not other.items.exists()


def test_class_and_settlement_pages_follow_the_scope(client, published, roster, principal_b, principal_a):
    school_class = SchoolClass.objects.filter(school=published.school).first()
    settlement = Settlement.objects.filter(school=published.school).first()
    urls = [reverse("fees:class_detail", args=[school_class.pk]), reverse("fees:class_update", args=[school_class.pk]),
            reverse("fees:student_update", args=[roster[0].pk]),
            reverse("fees:settlement_detail", args=[settlement.pk]),
            reverse("fees:notice_letters", args=[published.pk, school_class.pk])]
    assert_not_found(client, principal_b, urls)
    assert_found(client, principal_a, urls[:4])


@pytest.mark.parametrize("who", ["supervisor_a", "bureau_inspector", "staff_a"])
def test_catalogue_changes_are_for_the_bureau_admin(client, request, catalogue, who):
    client.force_login(request.getfixturevalue(who))
    for url in (reverse("fees:category_create"), reverse("fees:category_update", args=[catalogue["milk"].pk]),
                reverse("fees:policy_create"), reverse("fees:forbidden_create"), reverse("fees:category_import")):
        assert client.get(url).status_code == 403, url


def test_another_countys_catalogue_is_404(client, catalogue, far_admin):
    client.force_login(far_admin)
    assert client.get(reverse("fees:category_detail", args=[catalogue["milk"].pk])).status_code == 404
    assert client.get(reverse("fees:category_update", args=[catalogue["milk"].pk])).status_code == 404


# --- the principal's form: live findings, bad input ----------------------------------------------


def test_live_check_shows_the_findings_of_what_is_typed_without_saving(client, draft, principal_a, catalogue):
    client.force_login(principal_a)
    response = client.post(reverse("fees:item_check_new", args=[draft.pk]),
                           {**ITEM, "category": catalogue["milk"].pk, "name": "暑期补课费", "amount": "250"},
                           HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="findings"' in page
    assert "禁止收费项目" in page and "最高限价" in page
    assert not draft.items.filter(name="暑期补课费").exists()


def test_live_check_of_an_unfinished_item_lists_what_is_missing(client, draft, principal_a):
    client.force_login(principal_a)
    page = client.post(reverse("fees:item_check_new", args=[draft.pk]), {"name": "x"}).content.decode()
    assert "本项目还需完善" in page and "这个字段是必填项" in page


@pytest.mark.parametrize("amount, message", [
    ("-5", "金额必须大于零。"),
    ("0", "金额必须大于零。"),
    ("12.345", "金额最多保留两位小数（到分）。"),
    ("100000", "确保该值小于或等于99999。"),
    ("999999999", "确认小数点前不超过 7 位。"),
    ("abc", "输入一个数字。"),
    ("１８０", None),  # full-width digits typed with a Chinese keyboard are accepted
])
def test_bad_amounts_get_a_clear_message_and_nothing_is_saved(client, draft, principal_a, catalogue, amount, message):
    client.force_login(principal_a)
    before = draft.items.count()
    response = client.post(reverse("fees:item_create", args=[draft.pk]),
                           {**ITEM, "category": catalogue["milk"].pk, "name": f"新项目{amount}", "amount": amount})
    if message is None:
        assert response.status_code == 302
        assert draft.items.get(name=f"新项目{amount}").amount == Decimal("180")
    else:
        assert response.status_code == 200
        assert message in response.content.decode()
        assert draft.items.count() == before


def test_unknown_unit_and_overlong_text_are_refused(client, draft, principal_a, catalogue):
    client.force_login(principal_a)
    page = client.post(reverse("fees:item_create", args=[draft.pk]),
                       {**ITEM, "category": catalogue["milk"].pk, "name": "长" * 200, "unit": "per_week"}
                       ).content.decode()
    assert "选择一个有效的选项" in page and "不超过 60 字符" in page


def test_duplicate_item_gets_a_message_not_an_error(client, draft, principal_a, catalogue):
    client.force_login(principal_a)
    response = client.post(reverse("fees:item_create", args=[draft.pk]), {**ITEM, "category": catalogue["milk"].pk})
    assert response.status_code == 200
    assert "公示中已有同名收费项目。" in response.content.decode()


def test_submit_button_reports_the_findings_instead_of_failing(client, draft, principal_a, catalogue):
    from tests.fees.conftest import add_item

    add_item(draft, catalogue["insurance"], "学生平安保险", "50", "per_year", user=principal_a)
    client.force_login(principal_a)
    response = client.post(reverse("fees:notice_submit", args=[draft.pk]), follow=True)
    assert "未完成" in response.content.decode() and "商业保险" in response.content.decode()
    assert FeeNotice.objects.get(pk=draft.pk).status == NoticeStatus.DRAFT


def test_inspector_returns_with_a_reason_through_the_page(client, draft, principal_a, bureau_inspector):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    client.force_login(bureau_inspector)
    url = reverse("fees:notice_return", args=[draft.pk])
    assert "这个字段是必填项" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "请写明退费办法"}).status_code == 302
    assert FeeNotice.objects.get(pk=draft.pk).status == NoticeStatus.RETURNED


def test_category_with_caps_is_saved_together(client, bureau_admin, catalogue):
    client.force_login(bureau_admin)
    data = {"name": "饮用水", "kind": "service", "requires_voluntary": "on", "policy": catalogue["policy"].pk,
            "position": 9, "is_active": "on", "caps-TOTAL_FORMS": 2, "caps-INITIAL_FORMS": 0,
            "caps-MIN_NUM_FORMS": 0, "caps-MAX_NUM_FORMS": 30,
            "caps-0-school_type": "", "caps-0-unit": "per_term", "caps-0-max_amount": "30",
            "caps-1-school_type": "", "caps-1-unit": "per_term", "caps-1-max_amount": "-1"}
    response = client.post(reverse("fees:category_create"), data)
    assert response.status_code == 200 and "饮用水" not in [c.name for c in catalogue.values() if hasattr(c, "name")]
    from fees.models import FeeCategory

    assert not FeeCategory.objects.filter(name="饮用水").exists()
    data["caps-1-max_amount"] = "25"
    data["caps-1-unit"] = "per_month"
    assert client.post(reverse("fees:category_create"), data).status_code == 302
    category = FeeCategory.objects.get(name="饮用水")
    assert category.caps.count() == 2 and category.county_id == bureau_admin.county_id


# --- query counts --------------------------------------------------------------------------------


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["fees:notice_list", "fees:findings", "fees:missing_notices",
                                      "fees:settlement_list", "fees:category_list"])
def test_bureau_list_query_counts_do_not_grow(client, bureau_admin, township_a, term, catalogue, url_name):
    client.force_login(bureau_admin)

    def add_schools(n):
        for school in factories.SchoolFactory.create_batch(n, township=township_a):
            head = factories.principal(school)
            notice = services.fee_notice_start(school=school, term=term, acting_user=head)
            FeeItem.objects.create(notice=notice, category=catalogue["milk"], name="奶", amount=Decimal("500"),
                                   unit="per_term")
            services.fee_notice_check(notice)
            Settlement.objects.create(school=school, term=term, category=catalogue["milk"], due_date=term.end_date)

    add_schools(2)
    small = count(client, reverse(url_name))
    add_schools(12)
    assert count(client, reverse(url_name)) == small


def test_notice_detail_query_count_does_not_grow_with_items(client, draft, principal_a, catalogue):
    client.force_login(principal_a)
    small = count(client, draft.get_absolute_url())
    for n in range(10):
        FeeItem.objects.create(notice=draft, category=catalogue["milk"], name=f"项目{n}", amount=1, unit="per_term")
    assert count(client, draft.get_absolute_url()) == small
