"""Public pages (no account): the school directory, each school's page with its current fee notice
and history, the notice boards, board verification, online consent and the settlement lookup.

Only published data is read here, and no personal data beyond what the school chose to publish; a
family sees its child's masked name only after typing the code printed on the letter.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from canteens import selectors as canteen_selectors
from fees import selectors as fee_selectors
from fees import services as fee_services
from fees.choices import NoticeStatus, SettlementStatus
from fees.documents import BOARD_SIZES
from fees.forms import CodeForm, DigestForm, OnlineConsentForm
from fees.models import Consent, FeeNotice, SettlementLine
from fees.services.boards import notice_board_bytes
from fees.views.notices import pdf_response
from houqin.core.text import printable
from houqin.core.throttle import failures_exceeded, record_failure, submissions_exceeded
from houqin.org.models import School, Township
from houqin.public.cache import DIRECTORY, SCHOOL, not_cached, public_page
from inspections.selectors.campaigns import honour_roll


def _throttled(request, template="public/throttled.html"):
    return render(request, template, {"title": _("Too many attempts")}, status=429)


@public_page(depends=(DIRECTORY,), params={"township": r"[0-9]{1,11}", "page": r"[0-9]{1,5}"})
@require_safe
def directory(request):
    query = printable(request.GET.get("q", ""))[:50].strip()
    township_id = request.GET.get("township", "")
    schools = fee_selectors.public_school_list()
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(code__startswith=query))
    if township_id.isascii() and township_id.isdecimal() and len(township_id) < 12:
        schools = schools.filter(township_id=int(township_id))
    page = Paginator(schools.order_by("township__code", "name"), 30).get_page(request.GET.get("page"))
    townships = list(Township.objects.filter(schools__is_active=True).distinct().order_by("code", "name"))
    response = render(request, "public/directory.html", {
        "title": _("Schools"), "page": page, "query": query, "township_id": township_id, "townships": townships,
    })
    if (township_id and township_id not in {str(t.pk) for t in townships}
            or request.GET.get("page", "1") != str(page.number)):
        return not_cached(response)  # no township or page of that number: keep guesses out of the cache
    return response


def _school(code: str) -> School:
    if not code.isdigit() or len(code) != 10:
        raise Http404
    return get_object_or_404(School.objects.select_related("township__county"), code=code, is_active=True)


@public_page(depends=(SCHOOL,))
@require_safe
def school_page(request, code):
    school = _school(code)
    notice = fee_selectors.public_current_notice(school)
    accounts = list(canteen_selectors.public_accounts(school)[:1])
    return render(request, "public/school.html", {
        "title": school.name, "school": school, "notice": notice,
        "items": list(notice.items.all()) if notice else [],
        "versions": list(fee_selectors.public_notices(school)),
        "digest_form": DigestForm(), "code_form": CodeForm(),
        "menu": canteen_selectors.public_menu(school, timezone.localdate()),
        "account": accounts[0] if accounts else None,
        "titles": list(honour_roll().filter(school=school)[:20]),
    })


@public_page(depends=(SCHOOL,))
@require_safe
def school_menu(request, code):
    """The week's published menu with the day's dish prices."""
    school = _school(code)
    menu = canteen_selectors.public_menu(school, timezone.localdate())
    days = {}
    if menu:
        for dish in menu.dishes.order_by("date", "meal", "position", "pk"):
            days.setdefault(dish.date, []).append(dish)
    return render(request, "public/menu.html", {"title": school.name, "school": school, "menu": menu,
                                                "days": sorted(days.items())})


@public_page(depends=(SCHOOL,))
@require_safe
def school_accounts(request, code):
    """The published monthly canteen accounts (伙食盈亏帐)."""
    school = _school(code)
    accounts = list(canteen_selectors.public_accounts(school)[:12])
    return render(request, "public/accounts.html", {"title": school.name, "school": school, "accounts": accounts})


@public_page(depends=(SCHOOL,))
@require_safe
def notice_version(request, code, term_id, version):
    school = _school(code)
    notice = get_object_or_404(FeeNotice.objects.public().select_related("term", "school"), school=school,
                               term_id=term_id, version=version)
    current = FeeNotice.objects.filter(school=school, term_id=term_id, status=NoticeStatus.PUBLISHED).first()
    return render(request, "public/notice.html", {
        "title": school.name, "school": school, "notice": notice, "items": fee_selectors.notice_items(notice),
        "current": current, "versions": list(fee_selectors.public_notices(school)),
    })


@require_safe
def notice_board(request, code, term_id, version, size):
    if size not in BOARD_SIZES:
        raise Http404
    school = _school(code)
    notice = get_object_or_404(FeeNotice.objects.public().select_related("term", "school__township__county"),
                               school=school, term_id=term_id, version=version)
    return pdf_response(notice_board_bytes(notice, size), f"{school.code}-v{version}-{size}.pdf")


@require_safe
def verify(request):
    """Check a digest printed on a board against the approved versions."""
    form = DigestForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        if failures_exceeded(request, "verify"):
            return _throttled(request)
        matches = list(fee_selectors.notices_matching_digest(form.cleaned_data["digest"]))
        if not matches:
            record_failure(request, "verify")
            result = {"found": False}
        else:
            notice = matches[0]
            current = FeeNotice.objects.filter(school_id=notice.school_id, term_id=notice.term_id,
                                               status=NoticeStatus.PUBLISHED).select_related("term").first()
            result = {"found": True, "notice": notice, "current": current,
                      "is_current": current is not None and current.pk == notice.pk}
    return render(request, "public/verify.html", {"title": _("Check a notice board"), "form": form,
                                                  "result": result})


def _student_for(request, code_form):
    """The student of a valid code, or None with the failure counted (guesses are throttled)."""
    student = fee_selectors.student_by_code(code_form.cleaned_data["code"])
    if student is None:
        record_failure(request, "family-code")
        code_form.add_error("code", _("No student has this code. Check the letter and try again."))
    return student


@require_http_methods(["GET", "POST"])
def consent(request):
    """Online consent through the QR code on the letter: the code is the family's only key."""
    code_form = CodeForm(request.POST or request.GET or None)
    context = {"title": _("Choose voluntary fees"), "code_form": code_form}
    if request.method == "POST" and submissions_exceeded(request, "consent-submit"):
        return _throttled(request)  # every POST counts, whatever its code (a script need not get one right)
    if not code_form.is_bound or not code_form.is_valid():
        return render(request, "public/consent.html", context)
    if failures_exceeded(request, "family-code"):
        return _throttled(request)
    student = _student_for(request, code_form)
    if student is None:
        return render(request, "public/consent.html", context, status=404)
    notice = (FeeNotice.objects.filter(school_id=student.school_id, status=NoticeStatus.PUBLISHED,
                                       term__school_year=student.school_class.school_year)
              .select_related("term", "school").order_by("-term__semester").first())
    categories = fee_selectors.voluntary_categories(notice) if notice else []
    current = {}
    if notice:
        for item in Consent.objects.filter(student=student, term=notice.term):
            current[f"c{item.category_id}"] = item.choice
    form = OnlineConsentForm(request.POST if request.method == "POST" else None, categories=categories,
                             initial=current)
    saved = False
    if request.method == "POST" and notice:
        if form.is_valid():
            try:
                fee_services.consent_record_online(code=student.code, notice=notice, choices=form.choices())
                saved = True
            except ValidationError as error:
                form.add_error(None, error)
    items_by_category = {}
    if notice:
        for item in fee_selectors.notice_items(notice):
            if item.is_voluntary:
                items_by_category.setdefault(item.category_id, []).append(item)
    context.update(
        student=student, notice=notice, form=form, saved=saved,
        items_by_category=items_by_category,
        rows=[(category, form[f"c{category.pk}"], items_by_category.get(category.pk, [])) for category in categories],
        deadline_passed=notice is not None and fee_services.consent_deadline_passed(notice),
        today=timezone.localdate(),
    )
    return render(request, "public/consent.html", context)


@require_safe
def settlement_lookup(request):
    """A family's settlement lines (collected, spent, refund) of the reported settlements."""
    code_form = CodeForm(request.GET or None)
    context = {"title": _("Look up a term settlement"), "code_form": code_form}
    if code_form.is_bound and code_form.is_valid():
        if failures_exceeded(request, "family-code"):
            return _throttled(request)
        student = _student_for(request, code_form)
        if student is not None:
            context["student"] = student
            context["lines"] = (SettlementLine.objects.filter(student=student,
                                                               settlement__status=SettlementStatus.SUBMITTED)
                                .select_related("settlement__term", "settlement__category")
                                .order_by("-settlement__term__school_year", "-settlement__term__semester"))
    return render(request, "public/settlement.html", context)


@require_safe
def language(request, language):
    """Switch the language of the public pages (a cookie; cached pages carry no CSRF token, so the
    switch is a plain link)."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "/public/")
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = "/public/"
    response = HttpResponseRedirect(target)  # a URL, never a view name for redirect() to reverse (a 500)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
