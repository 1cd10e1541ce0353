"""Public complaint pages (no account): filing a complaint about a school, and following it by its
tracking code.

Protection against automated abuse, cheapest first: a per-address limit on filings (django-ratelimit
in the shared cache), a honeypot field, and a signed render time (a form sent within seconds of being
shown, or hours later, is refused). Failed code lookups are counted per address as well, so codes
cannot be enumerated. The status page shows nothing of the complainant, the school's answer or the
bureau's instruction.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from houqin.core.text import printable
from houqin.core.throttle import failures_exceeded, record_failure, submissions_exceeded
from houqin.core.views import add_service_errors
from houqin.org.models import Township
from inspections.forms_complaints import CodeLookupForm, ComplaintFileForm, active_schools, max_seconds
from inspections.selectors import complaints as selectors
from inspections.services import complaints as services

logger = logging.getLogger(__name__)

FILE_GROUP = "complaint-file"
CODE_GROUP = "complaint-code"
MAX_MATCHES = 60


def _file_rate() -> str:
    return getattr(settings, "COMPLAINT_FILE_RATE", "5/h")


def _filing_usage(request, *, increment: bool):
    try:
        return get_usage(request, group=FILE_GROUP, key="ip", rate=_file_rate(), increment=increment)
    except Exception:  # noqa: BLE001 - cache outage: fail open, log it (as houqin.core.throttle does)
        logger.warning("rate limit cache unavailable for %s", FILE_GROUP, exc_info=True)
        return None


def filings_exceeded(request) -> bool:
    """True when this address has filed as many complaints as it may within the window."""
    usage = _filing_usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _count_filing(request) -> bool:
    """Count one filing now (atomically in the cache, so parallel posts cannot slip past) and say
    whether it is over the allowance."""
    usage = _filing_usage(request, increment=True)
    return usage is not None and usage["should_limit"]


def _first_use(nonce: str) -> bool:
    """True the first time a form token is used to file; a cache outage lets it through."""
    try:
        return cache.add(f"complaint-form:{nonce}", 1, int(max_seconds()) + 60)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable for complaint form nonces", exc_info=True)
        return True


def _throttled(request, *, filing: bool):
    return render(request, "public/complaint_throttled.html",
                  {"title": _("Too many attempts"), "filing": filing}, status=429)


def _private(response):
    """Pages that carry a tracking code: never cached or indexed, the code never sent to another site as a referrer."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _fixed_school(value):
    code = printable(value or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) == 10):
        return None
    return active_schools().filter(code=code).first()


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """File a complaint. Without ?school=<code> the page first helps find the school (by name or
    code, optionally within a township); the school's public page links here with its code."""
    school = _fixed_school(request.GET.get("school"))
    context = {"title": _("File a complaint"), "school": school}
    if school is None and request.method == "GET":
        query = " ".join(printable(request.GET.get("q", "")).split())[:50]
        township_id = request.GET.get("township", "")
        matches = []
        if query or township_id:
            schools = active_schools()
            if township_id.isascii() and township_id.isdecimal() and len(township_id) < 12:
                schools = schools.filter(township_id=int(township_id))
            if query:
                schools = schools.filter(Q(name__icontains=query) | Q(code__startswith=query))
            matches = list(schools.order_by("township__code", "name")[:MAX_MATCHES])
        context.update(query=query, township_id=township_id, matches=matches, searched=bool(query or township_id),
                       townships=Township.objects.filter(schools__is_active=True).distinct().order_by("code", "name"))
        return _private(render(request, "public/complaint_new.html", context))
    if request.method == "POST":
        # filings are counted once valid (below); every POST, valid or not, also counts against the
        # general allowance of public submissions, so a script cannot post refused forms forever
        if filings_exceeded(request) or submissions_exceeded(request, "complaint-post"):
            return _throttled(request, filing=True)
        form = ComplaintFileForm(request.POST, school=school)
        if form.is_valid():
            if _count_filing(request):
                return _throttled(request, filing=True)
            if not _first_use(form.nonce):
                form.add_error(None, ValidationError(form.error_messages["replayed"], code="replayed"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_file(
                    school=data["school"], category=data["category"], text=data["text"],
                    contact_name=data["contact_name"], contact_phone=data["contact_phone"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(reverse("public:complaint_status", args=[complaint.tracking_code]) + "?filed=1")
        elif form.looks_automated:
            _count_filing(request)
        form.refresh_token()
    else:
        form = ComplaintFileForm(school=school)
    context["form"] = form
    return _private(render(request, "public/complaint_new.html", context))


@require_safe
def complaint_lookup(request):
    """Type a tracking code to see where the complaint stands."""
    form = CodeLookupForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        if failures_exceeded(request, CODE_GROUP):
            return _throttled(request, filing=False)
        complaint = selectors.public_complaint(services.tracking_code_normalise(form.cleaned_data["code"]))
        if complaint is not None:
            return redirect("public:complaint_status", complaint.tracking_code)
        record_failure(request, CODE_GROUP)
        form.add_error("code", _("No complaint has this code. Check it and try again."))
        status = 404
    return _private(render(request, "public/complaint_lookup.html",
                           {"title": _("Follow a complaint"), "form": form}, status=status))


@require_safe
def complaint_status(request, code):
    """Where a complaint stands: its stage, the stage's deadline and, once closed, the bureau's reply."""
    if failures_exceeded(request, CODE_GROUP):
        return _throttled(request, filing=False)
    normalised = services.tracking_code_normalise(code)
    complaint = selectors.public_complaint(normalised)
    if complaint is None:
        record_failure(request, CODE_GROUP)
        form = CodeLookupForm({"code": code[:30]})
        form.is_valid()
        form.add_error("code", _("No complaint has this code. Check it and try again."))
        return _private(render(request, "public/complaint_lookup.html",
                               {"title": _("Follow a complaint"), "form": form}, status=404))
    if code != complaint.tracking_code:
        target = reverse("public:complaint_status", args=[complaint.tracking_code])
        return redirect(target + ("?filed=1" if request.GET.get("filed") else ""))
    return _private(render(request, "public/complaint_status.html", {
        "title": _("Complaint %(code)s") % {"code": services.tracking_code_format(complaint.tracking_code)},
        "complaint": complaint,
        "code": services.tracking_code_format(complaint.tracking_code),
        "stage_date": selectors.stage_date(complaint),
        "deadline": selectors.current_deadline(complaint),
        "overdue": selectors.is_overdue(complaint),
        "filed": bool(request.GET.get("filed")),
        "status_url": request.build_absolute_uri(reverse("public:complaint_status", args=[complaint.tracking_code])),
    }))
