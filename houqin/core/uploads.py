"""Evidence uploads: images and PDF, recognised by their content (never by name), size-limited,
stored through Django's storage API under a random name, and served only through a scope check."""

from __future__ import annotations

import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


@dataclass(frozen=True)
class FileKind:
    ext: str
    content_type: str


JPEG = FileKind("jpg", "image/jpeg")
PNG = FileKind("png", "image/png")
WEBP = FileKind("webp", "image/webp")
PDF = FileKind("pdf", "application/pdf")
_PIL_KINDS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}


def _read_head_and_tail(fileobj, size=16):
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0, 2)
    length = fileobj.tell()
    fileobj.seek(max(0, length - 1024))
    tail = fileobj.read()
    fileobj.seek(0)
    return head, tail, length


def detect_evidence_kind(fileobj) -> FileKind:
    """Recognise an uploaded file by its bytes; raise ValidationError for anything else."""
    head, tail, length = _read_head_and_tail(fileobj)
    if length == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if head.startswith(b"%PDF-"):
        if b"%%EOF" not in tail:
            raise ValidationError(_("The PDF file is incomplete or damaged."), code="bad_pdf")
        return PDF
    if head[:3] == b"\xff\xd8\xff" or head.startswith(b"\x89PNG\r\n\x1a\n") or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        fileobj.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(fileobj) as image:
                    kind = _PIL_KINDS.get(image.format)
                    image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("The image is too large in pixels."), code="bomb") from None
        except Exception:
            raise ValidationError(_("The image file is damaged."), code="bad_image") from None
        finally:
            fileobj.seek(0)
        if kind is not None:
            return kind
    raise ValidationError(
        _("Only JPEG, PNG or WebP images and PDF documents can be uploaded."), code="file_type"
    )


@deconstructible
class EvidenceFileValidator:
    """Size limit and content check for evidence files."""

    def __call__(self, value):
        if value is None or getattr(value, "_committed", True):
            return  # a stored file was checked when it was uploaded
        limit = settings.EVIDENCE_MAX_MB * 1024 * 1024
        if value.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_MB}, code="too_big"
            )
        detect_evidence_kind(value.file)

    def __eq__(self, other):
        return isinstance(other, EvidenceFileValidator)


def evidence_upload_to(instance, filename: str) -> str:
    """A random name under the owning model; the extension comes from the detected content."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    meta = instance._meta
    return f"evidence/{meta.app_label}/{meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class EvidenceFormField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)


class EvidenceFileField(models.FileField):
    """A FileField for evidence: validated by content, renamed after its detected type."""

    default_validators = [EvidenceFileValidator()]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", evidence_upload_to)
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("upload_to") is evidence_upload_to:
            del kwargs["upload_to"]
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            kind = detect_evidence_kind(file.file)
            file.name = f"upload.{kind.ext}"
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": EvidenceFormField, **kwargs})


# Protected files: (app_label, model_name) -> field names served through the scope check.
PROTECTED_FILES: dict[tuple[str, str], set[str]] = {}


def register_protected_file(model, *field_names: str) -> None:
    """Let `core:protected_file` serve these fields of `model` to users who may see the record."""
    PROTECTED_FILES.setdefault((model._meta.app_label, model._meta.model_name), set()).update(field_names)
