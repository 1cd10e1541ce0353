import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from houqin.core.uploads import detect_evidence_kind


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("content, ext", [(png_bytes(), "png"), (jpeg_bytes(), "jpg"), (PDF, "pdf")])
def test_real_images_and_pdfs_are_recognised_by_content(content, ext):
    assert detect_evidence_kind(io.BytesIO(content)).ext == ext


@pytest.mark.parametrize(
    "content",
    [
        b"<script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
        b"%PDF-1.4 no end marker",
        b"PK\x03\x04" + zlib.compress(b"0" * 10000),
        b"",
    ],
)
def test_anything_else_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError):
        detect_evidence_kind(io.BytesIO(content))


def test_decompression_bomb_is_refused():
    with pytest.raises(ValidationError) as error:
        detect_evidence_kind(io.BytesIO(png_bytes((12000, 12000))))
    assert error.value.code == "bomb"


def form_data(school):
    return {"address": "", "phone": school.phone, "principal_name": "王校长", "student_count": 500,
            "boarding_count": 50, "has_canteen": "on"}


def test_licence_scan_upload_is_stored_under_a_random_name_and_served_in_scope(
    client, principal_a, principal_b, school_a
):
    client.force_login(principal_a)
    upload = SimpleUploadedFile("我的执照.JPG.exe", png_bytes(), content_type="application/octet-stream")
    response = client.post(reverse("org:school_update", args=[school_a.pk]), {**form_data(school_a),
                                                                              "licence_scan": upload})
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.licence_scan.name.startswith("evidence/org/school/")
    assert school_a.licence_scan.name.endswith(".png")
    url = reverse("core:protected_file", args=["org", "school", school_a.pk, "licence_scan"])
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == png_bytes()
    assert "sandbox" in served["Content-Security-Policy"]
    client.force_login(principal_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_script_named_jpg_is_refused_with_a_message(client, principal_a, school_a):
    client.force_login(principal_a)
    upload = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(reverse("org:school_update", args=[school_a.pk]), {**form_data(school_a),
                                                                              "licence_scan": upload})
    assert response.status_code == 200
    assert "只能上传 JPEG、PNG、WebP 图片或 PDF 文档。" in response.content.decode()
    school_a.refresh_from_db()
    assert not school_a.licence_scan


def test_oversized_upload_is_refused(client, principal_a, school_a, settings):
    settings.EVIDENCE_MAX_MB = 0
    client.force_login(principal_a)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    page = client.post(reverse("org:school_update", args=[school_a.pk]), {**form_data(school_a),
                                                                          "licence_scan": upload}).content.decode()
    assert "文件大于 0 MB。" in page


def test_unregistered_fields_are_never_served(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    url = reverse("core:protected_file", args=["org", "user", bureau_admin.pk, "password"])
    assert client.get(url).status_code == 404
