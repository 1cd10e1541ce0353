"""PDFs of the fees app (WeasyPrint with the project's Chinese fonts): the county-uniform notice
board (A4 and A3), the letter to parents with its receipt slips, and the settlement report."""

from __future__ import annotations

import base64
import io

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from houqin.core.pdf import render_template_pdf

BOARD_SIZES = ("A4", "A3")


def qr_img(url: str) -> str:
    """A QR code as an inline PNG image. (A raster code renders ten times faster than the same code
    as SVG in WeasyPrint; `image-rendering: pixelated` keeps its modules sharp in print.)"""
    image = qrcode.make(url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return format_html('<img class="qr-code" alt="{}" src="data:image/png;base64,{}">', url, data)


def school_public_url(school) -> str:
    return settings.SITE_URL + reverse("public:school", args=[school.code])


def render_notice_board_pdf(notice, items, *, size: str = "A4") -> bytes:
    """The 公示牌 of a published notice: school, term, items, phones, QR code, version and digest."""
    if size not in BOARD_SIZES:
        raise ValueError(f"unknown board size {size!r}")
    url = school_public_url(notice.school)
    return render_template_pdf(
        "fees/pdf/notice_board.html",
        {
            "notice": notice,
            "items": items,
            "size": size,
            "qr": qr_img(url),
            "url": url,
            "verify_url": settings.SITE_URL + reverse("public:verify"),
            "county": notice.school.township.county,
        },
    )


def render_parent_letter_pdf(notice, items, students, categories) -> bytes:
    """致学生家长一封信: one page per student, with a receipt slip per voluntary category and the
    family's code and QR code for answering online."""
    consent_url = settings.SITE_URL + reverse("public:consent")
    pages = [
        {"student": s, "qr": qr_img(f"{consent_url}?code={s.code}")}
        for s in students
    ]
    return render_template_pdf(
        "fees/pdf/parent_letter.html",
        {
            "notice": notice,
            "items": items,
            "voluntary_items": [i for i in items if i.is_voluntary],
            "categories": categories,
            "pages": pages,
            "consent_url": consent_url,
            "county": notice.school.township.county,
        },
    )


def render_settlement_pdf(settlement, lines, totals) -> bytes:
    return render_template_pdf(
        "fees/pdf/settlement.html",
        {"settlement": settlement, "lines": lines, "totals": totals, "printed": timezone.localtime()},
    )
