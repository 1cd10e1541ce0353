"""PDFs of the assets app (WeasyPrint with the project's Chinese fonts): QR label sheets in three
sizes for assets and rooms, and the asset card (资产卡片)."""

from __future__ import annotations

import base64
import io

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from houqin.core.pdf import render_template_pdf

# label size: (width mm, height mm, columns, rows) on an A4 sheet
LABEL_SIZES = {"small": (40, 25, 4, 10), "medium": (60, 35, 3, 7), "large": (90, 50, 2, 5)}


def tag_url(code: str) -> str:
    """What a label's QR code holds: the portal address of the tag, which the stock-take scanner
    also reads (a phone's ordinary camera opens the asset's page)."""
    return settings.SITE_URL + reverse("assets:tag", args=[code])


def qr_img(text: str, *, box_size: int = 4) -> str:
    """A QR code as an inline PNG (a raster code renders much faster than SVG in WeasyPrint)."""
    image = qrcode.make(text, box_size=box_size, border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return format_html('<img class="qr" alt="{}" src="data:image/png;base64,{}">', text, data)


def render_labels_pdf(labels: list[dict], *, size: str = "medium") -> bytes:
    """A sheet of labels; each label is {code, title, lines}."""
    if size not in LABEL_SIZES:
        raise ValueError(f"unknown label size {size!r}")
    width, height, columns, rows = LABEL_SIZES[size]
    for label in labels:
        label["qr"] = qr_img(tag_url(label["code"]))
        label["code_head"], _dash, label["code_tail"] = label["code"].rpartition("-")
    per_page = columns * rows
    pages = [labels[i:i + per_page] for i in range(0, len(labels), per_page)] or [[]]
    qr_mm = height - 3
    return render_template_pdf("assets/pdf/labels.html", {
        "pages": pages, "size": size, "width": width, "height": height, "columns": columns, "rows": rows,
        "top_mm": (297 - rows * height) / 2, "qr_mm": qr_mm, "text_left_mm": qr_mm + 1.5,
        "small_pt": {"small": 5, "medium": 6.5, "large": 8}[size], "name_pt": {"small": 6, "medium": 8, "large": 11}[size]})


def asset_labels(assets) -> list[dict]:
    return [{"code": a.tag_code, "title": a.school.name, "name": a.name,
             "lines": [a.model, a.room and str(a.room), a.purchase_date.isoformat()]} for a in assets]


def room_labels(rooms) -> list[dict]:
    return [{"code": r.code, "title": r.school.name, "name": str(r), "lines": [r.department, r.get_kind_display()]}
            for r in rooms]


def render_asset_card_pdf(asset, *, transfers, repairs) -> bytes:
    today = timezone.localdate()
    return render_template_pdf("assets/pdf/card.html", {
        "asset": asset, "dep": asset.depreciation(today), "today": today, "qr": qr_img(tag_url(asset.tag_code)),
        "transfers": transfers, "repairs": repairs})
