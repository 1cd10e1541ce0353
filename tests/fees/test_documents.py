"""The printed documents: text, fonts, size, QR code."""

import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from fees.documents import render_notice_board_pdf, render_parent_letter_pdf
from fees.models import Student
from fees.selectors import notice_items, voluntary_categories


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    image = next(tmp_path.glob("page*.png"))
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    return result.stdout.split()


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_board_shows_school_items_phones_version_digest_and_a_working_qr(published, tmp_path, size):
    pdf = render_notice_board_pdf(published, notice_items(published), size=size)
    text = pdf_text(pdf, tmp_path)
    for expected in (published.school.name, "学生饮用奶", "180.00", "伙食费", "12358", published.school_phone,
                     published.bureau_phone, published.short_digest, "第 1 版", "2026—2027学年第一学期"):
        assert expected in text, expected
    assert pdf_pages(pdf, tmp_path) == 1
    assert qr_codes(pdf, tmp_path) == [settings.SITE_URL + reverse("public:school", args=[published.school.code])]


def test_the_board_embeds_the_projects_chinese_font_subset(published, tmp_path):
    path = tmp_path / "board.pdf"
    path.write_bytes(render_notice_board_pdf(published, notice_items(published)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Houqin-Sans-SC" in fonts
    assert path.stat().st_size < 400_000


def test_rare_characters_outside_the_subset_still_print(published, tmp_path):
    published.school.name = "堃喆赟小学"
    text = pdf_text(render_notice_board_pdf(published, notice_items(published)), tmp_path)
    assert "堃喆赟小学" in text


def test_letters_have_one_page_per_student_a_slip_per_voluntary_fee_and_the_family_code(
    published, roster, tmp_path
):
    students = list(Student.objects.filter(school_class=roster[0].school_class))
    categories = voluntary_categories(published)
    pdf = render_parent_letter_pdf(published, notice_items(published), students, categories)
    text = pdf_text(pdf, tmp_path)
    assert pdf_pages(pdf, tmp_path) == len(students)
    assert text.count("回执：学生饮用奶") == len(students) and text.count("回执：伙食费") == len(students)
    for student in students:
        assert student.code in text and student.name in text
    codes = qr_codes(pdf, tmp_path)
    assert codes == [f"{settings.SITE_URL}{reverse('public:consent')}?code={students[0].code}"]


def test_board_download_for_staff_and_public(client, published, principal_a):
    response = client.get(reverse("public:notice_board", args=[published.school.code, published.term_id, 1, "A3"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    client.force_login(principal_a)
    assert client.get(reverse("fees:notice_board", args=[published.pk, "A4"])).status_code == 200
