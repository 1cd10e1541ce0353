"""Notice pages: the scope contract on every URL for every role, the workflow through the pages,
read receipts and the schools nobody has read it at (page and export), attachments served only
in scope, hostile input, query counts that do not grow with the data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from houqin.core.templatetags.portal import protected_file_url
from houqin.notify.choices import NOTICE_RULE, Audience, NoticeStatus
from houqin.notify.models import Notice, NoticeAttachment, NoticeReceipt, Notification
from houqin.notify.services import notices as services
from tests import factories
from tests.core.test_uploads import PDF
from tests.notify.conftest import draft, published
from tests.scoping import assert_found, assert_list_excludes, assert_not_found, export_rows

pytestmark = pytest.mark.django_db

LIST = reverse("notify:notice_list")
CREATE = reverse("notify:notice_create")


def url(name, notice, *args):
    return reverse(f"notify:{name}", args=[notice.pk, *args])


def urls_of(notice):
    """Every page of a notice (an attachment is added while it is a draft)."""
    pages = [url(name, notice) for name in ("notice_detail", "notice_update", "notice_publish", "attachment_add",
                                            "notice_receipts")]
    attachment = notice.attachments.first()
    if attachment is not None:
        pages.append(url("attachment_remove", notice, attachment.pk))
        pages.append(protected_file_url(attachment, "file"))
    return pages


def with_attachment(admin, **kwargs) -> Notice:
    notice = draft(admin, **kwargs)
    services.notice_attachment_add(notice=notice, file=SimpleUploadedFile("附件.pdf", PDF), acting_user=admin)
    return notice


# --- scope --------------------------------------------------------------------------------------


def test_another_countys_notices_are_not_found_on_any_page(client, bureau_admin, far_admin, school_a, school_far):
    ours = with_attachment(bureau_admin)
    ours_published = services.notice_publish(notice=with_attachment(bureau_admin), acting_user=bureau_admin)
    theirs = with_attachment(far_admin)
    assert_not_found(client, far_admin, urls_of(ours) + urls_of(ours_published))
    assert_not_found(client, bureau_admin, urls_of(theirs))
    theirs.refresh_from_db()
    assert theirs.status == NoticeStatus.DRAFT and theirs.attachments.count() == 1


def test_notices_addressed_elsewhere_and_drafts_are_not_found(client, bureau_admin, principal_a, staff_a,
                                                               supervisor_a, principal_b, notice_a, notice_b,
                                                               notice_draft):
    readable = ("notice_detail", "notice_update", "attachment_add")
    for user, notices in ((principal_a, [notice_b, notice_draft]), (staff_a, [notice_b, notice_draft]),
                          (supervisor_a, [notice_b, notice_draft]), (principal_b, [notice_a, notice_draft])):
        assert_not_found(client, user, [url(name, n) for n in notices for name in readable])
    assert_not_found(client, supervisor_a, [url("notice_receipts", notice_b), url("notice_receipts", notice_draft)])


def test_each_role_reads_what_is_addressed_to_it(client, bureau_admin, bureau_inspector, supervisor_a, principal_a,
                                                 staff_a, principal_b, notice_a, notice_b, notice_draft):
    for user in (bureau_admin, bureau_inspector):
        assert_found(client, user, [LIST] + [url("notice_detail", n) for n in (notice_a, notice_b, notice_draft)]
                     + [url("notice_receipts", n) for n in (notice_a, notice_b)])
    assert_found(client, supervisor_a, [LIST, url("notice_detail", notice_a), url("notice_receipts", notice_a)])
    assert_found(client, principal_a, [LIST, url("notice_detail", notice_a)])
    assert_found(client, staff_a, [LIST, url("notice_detail", notice_a)])
    assert_found(client, principal_b, [LIST, url("notice_detail", notice_b)])
    assert_found(client, bureau_admin, [CREATE, url("notice_update", notice_draft), url("attachment_add", notice_draft)])


def test_only_the_administrator_writes(client, bureau_inspector, supervisor_a, principal_a, staff_a, notice_a,
                                       notice_draft):
    for user in (bureau_inspector, supervisor_a, principal_a, staff_a):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"title": "x", "body": "y", "audience": "county"}).status_code == 403
        # refused by role before any lookup: the same answer for any number, so nothing leaks
        for pk in (notice_a.pk, notice_draft.pk, 999999):
            assert client.post(reverse("notify:notice_publish", args=[pk])).status_code == 403
    client.force_login(bureau_inspector)
    assert client.get(url("notice_update", notice_draft)).status_code == 403
    assert client.post(url("attachment_add", notice_draft), {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    notice_draft.refresh_from_db()
    assert notice_draft.status == NoticeStatus.DRAFT and not notice_draft.attachments.exists()


def test_schools_do_not_see_receipts(client, principal_a, staff_a, notice_a):
    for user in (principal_a, staff_a):
        client.force_login(user)
        assert client.get(url("notice_receipts", notice_a)).status_code == 403


def test_lists_and_exports_keep_to_the_scope(client, bureau_admin, bureau_inspector, supervisor_a, principal_a,
                                             staff_a, principal_b, far_admin, notice_county, notice_a, notice_b,
                                             notice_draft, notice_far):
    everything = ["全县通知", "甲校专项通知", "乙镇学校通知", "未发布的草稿", "外县通知"]

    def check(user, present):
        assert_list_excludes(client, user, LIST, present=present, absent=[t for t in everything if t not in present])

    check(principal_a, ["全县通知", "甲校专项通知"])
    check(staff_a, ["全县通知", "甲校专项通知"])
    check(supervisor_a, ["全县通知", "甲校专项通知"])
    check(principal_b, ["全县通知", "乙镇学校通知"])
    check(bureau_inspector, ["全县通知", "甲校专项通知", "乙镇学校通知", "未发布的草稿"])
    check(far_admin, ["外县通知"])


def test_a_post_cannot_address_a_notice_to_another_countys_school(client, bureau_admin, school_a, school_far):
    client.force_login(bureau_admin)
    response = client.post(CREATE, {"title": "越界", "body": "正文", "audience": Audience.SCHOOLS,
                                    "schools": [school_a.pk, school_far.pk]})
    assert response.status_code == 200 and "schools" in response.context["form"].errors
    assert not Notice.objects.exists()


# --- the workflow through the pages ---------------------------------------------------------------


def test_write_attach_publish_read_and_see_the_receipts(client, bureau_admin, principal_a, staff_a, principal_b,
                                                        school_a, school_b, django_capture_on_commit_callbacks):
    client.force_login(bureau_admin)
    response = client.post(CREATE, {"title": "关于校车安全检查的通知", "body": "请各校自查。\n按时上报。",
                                    "audience": Audience.SCHOOLS, "schools": [school_a.pk, school_b.pk]})
    notice = Notice.objects.get()
    assert response["Location"] == notice.get_absolute_url()
    response = client.post(url("attachment_add", notice), {"file": SimpleUploadedFile("检查表.pdf", PDF), "name": ""})
    assert response.status_code == 302 and notice.attachments.get().name == "检查表.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("notice_publish", notice))
        client.post(url("notice_publish", notice))  # a double click
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert Notification.objects.filter(rule=NOTICE_RULE).count() == 2

    client.force_login(principal_a)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "关于校车安全检查的通知" in page and 'data-testid="my-receipt"' in page
    client.get(notice.get_absolute_url())
    assert NoticeReceipt.objects.filter(user=principal_a).count() == 1
    attachment = notice.attachments.get()
    assert client.get(protected_file_url(attachment, "file")).status_code == 200

    client.force_login(bureau_admin)
    page = client.get(url("notice_receipts", notice)).content.decode()
    assert principal_a.full_name in page
    assert 'data-testid="schools-read">1<' in page and 'data-testid="schools-unread">1<' in page


def test_the_schools_nobody_has_read_it_at_page_and_export(client, bureau_admin, principal_a, staff_a, school_a2,
                                                           principal_b, supervisor_a, notice_county):
    services.notice_read(notice=notice_county, acting_user=staff_a)
    client.force_login(bureau_admin)
    receipts = url("notice_receipts", notice_county)
    unread = client.get(receipts, {"read": "false"}).content.decode()
    assert "甲镇第二小学" in unread and "乙镇中心学校" in unread and "甲镇第一小学" not in unread
    rows = export_rows(client.get(receipts, {"_export": "xlsx"}))
    by_school = {row[1]: row for row in rows[1:]}
    assert set(by_school) == {"甲镇第一小学", "甲镇第二小学", "乙镇中心学校"}
    assert by_school["甲镇第一小学"][3] == "1" and staff_a.full_name in by_school["甲镇第一小学"][4]
    assert by_school["乙镇中心学校"][3] == "0"
    unread_rows = export_rows(client.get(receipts, {"_export": "xlsx", "read": "false"}))
    assert {row[1] for row in unread_rows[1:]} == {"甲镇第二小学", "乙镇中心学校"}
    # the township supervisor sees its own township's schools only
    assert_list_excludes(client, supervisor_a, receipts, present=["甲镇第一小学", "甲镇第二小学"], absent=["乙镇中心学校"])


def test_a_published_notice_cannot_be_edited(client, bureau_admin, notice_county):
    client.force_login(bureau_admin)
    assert client.get(url("notice_update", notice_county))["Location"] == notice_county.get_absolute_url()
    client.post(url("notice_update", notice_county), {"title": "改", "body": "改", "audience": "county"})
    notice_county.refresh_from_db()
    assert notice_county.title == "全县通知"


def test_receipts_of_a_draft_lead_back_to_it(client, bureau_admin, notice_draft):
    client.force_login(bureau_admin)
    assert client.get(url("notice_receipts", notice_draft))["Location"] == notice_draft.get_absolute_url()


def test_attachments_are_served_only_in_scope(client, bureau_admin, principal_a, principal_b, supervisor_a,
                                              far_admin, school_a):
    notice = with_attachment(bureau_admin, audience=Audience.SCHOOLS, schools=[school_a])
    file_url = protected_file_url(notice.attachments.get(), "file")
    assert_not_found(client, principal_a, [file_url], methods=("get",))  # still a draft
    services.notice_publish(notice=notice, acting_user=bureau_admin)
    assert_found(client, principal_a, [file_url])
    assert_found(client, supervisor_a, [file_url])
    assert_not_found(client, principal_b, [file_url], methods=("get",))
    assert_not_found(client, far_admin, [file_url], methods=("get",))
    client.force_login(principal_a)
    response = client.get(file_url)
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "   ", "\u200b\u200b", "长" * 201])
def test_empty_or_huge_titles_are_refused(client, bureau_admin, school_a, title):
    client.force_login(bureau_admin)
    response = client.post(CREATE, {"title": title, "body": "正文", "audience": "county"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_a_huge_body_is_refused(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    response = client.post(CREATE, {"title": "标题", "body": "字" * 20_001, "audience": "county"})
    assert "body" in response.context["form"].errors


def test_script_in_the_text_is_shown_as_text(client, bureau_admin, principal_a, school_a):
    notice = published(bureau_admin, title="<img src=x onerror=alert(1)>",
                       body='<script>alert("x")</script>\n<a href="javascript:alert(1)">点我</a>')
    client.force_login(principal_a)
    for page_url in (notice.get_absolute_url(), LIST, reverse("notify:inbox")):
        page = client.get(page_url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in client.get(notice.get_absolute_url()).content.decode()


@pytest.mark.parametrize("content", [
    b"<html><script>alert(1)</script></html>",
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"%PDF-1.4 but cut off",
    b"MZ\x90\x00executable",
])
def test_forged_attachments_are_refused(client, bureau_admin, notice_draft, content):
    client.force_login(bureau_admin)
    response = client.post(url("attachment_add", notice_draft),
                           {"file": SimpleUploadedFile("通知.pdf", content, content_type="application/pdf")})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not NoticeAttachment.objects.exists()


def test_an_attachment_of_another_notice_cannot_be_removed_through_this_one(client, bureau_admin):
    first, second = with_attachment(bureau_admin), with_attachment(bureau_admin)
    client.force_login(bureau_admin)
    response = client.post(url("attachment_remove", first, second.attachments.get().pk))
    assert response.status_code == 404 and second.attachments.exists()


# --- query counts ---------------------------------------------------------------------------------


def queries(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


def test_pages_cost_the_same_queries_whatever_the_data(client, bureau_admin, principal_a, township_a):
    first = published(bureau_admin, title="第一份")
    services.notice_read(notice=first, acting_user=principal_a)

    def measure():
        client.force_login(bureau_admin)
        counts = [queries(client, LIST), queries(client, LIST, _export="xlsx"),
                  queries(client, url("notice_receipts", first)), queries(client, url("notice_detail", first))]
        client.force_login(principal_a)
        return counts + [queries(client, LIST), queries(client, url("notice_detail", first))]

    small = measure()
    for number in range(20):
        school = factories.SchoolFactory(township=township_a)
        reader = factories.principal(school)
        services.notice_read(notice=first, acting_user=reader)
        published(bureau_admin, title=f"通知{number}", notify_staff=bool(number % 2))
    services.notice_attachment_add(notice=draft(bureau_admin), file=SimpleUploadedFile("a.pdf", PDF),
                                   acting_user=bureau_admin)
    assert measure() == small


def test_school_users_filter_what_they_have_read_and_the_bureau_sees_the_reach(
    client, bureau_admin, principal_a, school_a2, school_b, notice_county, notice_a
):
    services.notice_read(notice=notice_county, acting_user=principal_a)
    client.force_login(principal_a)
    read = client.get(LIST, {"read": "true"}).content.decode()
    unread = client.get(LIST, {"read": "false"}).content.decode()
    assert "全县通知" in read and "甲校专项通知" not in read
    assert "甲校专项通知" in unread and "全县通知" not in unread
    client.force_login(bureau_admin)
    rows = {row[0]: row for row in export_rows(client.get(LIST, {"_export": "xlsx"}))[1:]}
    assert rows["全县通知"][-1] == "1 / 3" and rows["甲校专项通知"][-1] == "0 / 1"


def test_the_inbox_message_opens_the_notice_and_records_the_receipt(client, principal_a, notice_a):
    notification = Notification.objects.get(recipient=principal_a, rule=NOTICE_RULE)
    client.force_login(principal_a)
    response = client.post(reverse("notify:open", args=[notification.pk]), follow=True)
    assert response.redirect_chain[-1][0] == notice_a.get_absolute_url()
    assert NoticeReceipt.objects.filter(notice=notice_a, user=principal_a).exists()
