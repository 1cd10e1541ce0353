"""Classes and students of a school, the paper receipts and their scans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from fees import selectors, services
from fees.choices import NoticeStatus
from fees.filters import ClassFilter
from fees.forms import PaperConsentForm, ReceiptScanForm, SchoolClassForm, StudentForm
from fees.models import Consent, FeeNotice, ReceiptScan, SchoolClass, Student
from fees.resources import StudentImport
from fees.services.access import can_keep_fees
from fees.tables import ClassTable
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.org.views import ImportView

SCHOOL_ROLES = (Role.PRINCIPAL, Role.SCHOOL_STAFF)


class KeeperMixin:
    """Classes and students are kept by the school's principal and finance staff."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_keep_fees(request.user, request.user.school_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClassListView(KeeperMixin, ScopedListView):
    allowed_roles = SCHOOL_ROLES
    selector = selectors.class_list
    filterset_class = ClassFilter
    table_class = ClassTable
    title = _("Classes and students")
    export_name = "classes"
    create_url_name = "fees:class_create"
    can_create_roles = SCHOOL_ROLES
    extra_actions = (("fees:student_import", _("Import students from Excel"), "upload", SCHOOL_ROLES),
                     ("fees:student_create", _("Add a student"), "person-plus", SCHOOL_ROLES))


class ClassFormView(KeeperMixin, ServiceFormView):
    allowed_roles = SCHOOL_ROLES
    form_class = SchoolClassForm
    title = _("Class")
    cancel_url_name = "fees:class_list"

    def get_initial(self):
        term = selectors.current_term()
        return {"school_year": term.school_year if term else None}

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(SchoolClass.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.school_class_save(school_class=form.instance, acting_user=self.request.user)


class StudentFormView(KeeperMixin, ServiceFormView):
    allowed_roles = SCHOOL_ROLES
    form_class = StudentForm
    title = _("Student")
    cancel_url_name = "fees:class_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Student.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"school_class": self.request.GET.get("class")}

    def perform(self, form):
        return services.student_save(student=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return saved.school_class.get_absolute_url()


class StudentImportView(KeeperMixin, ImportView):
    allowed_roles = SCHOOL_ROLES
    importer_class = StudentImport
    list_url_name = "fees:class_list"
    template_name = "学生名单导入模板"

    def get_importer(self):
        term = selectors.current_term()
        return StudentImport(school_year=term.school_year if term else None)


class ClassDetailView(KeeperMixin, RoleRequiredMixin, View):
    """The roster with the family codes, each student's paper receipt, the receipt scans."""

    allowed_roles = SCHOOL_ROLES
    template_name = "fees/class_detail.html"

    def setup_page(self, request, pk):
        self.school_class = get_object_or_404(SchoolClass.objects.visible_to(request.user), pk=pk)
        self.notice = (
            FeeNotice.objects.filter(school_id=self.school_class.school_id, status=NoticeStatus.PUBLISHED,
                                     term__school_year=self.school_class.school_year)
            .select_related("term", "school").order_by("-term__semester").first()
        )
        self.categories = selectors.voluntary_categories(self.notice) if self.notice else []
        self.students = list(self.school_class.students.order_by("-is_active", "name"))

    def rows(self, data=None):
        consents = {}
        if self.notice:
            for consent in Consent.objects.filter(student__school_class=self.school_class, term=self.notice.term):
                consents[(consent.student_id, consent.category_id)] = consent
        rows = []
        for student in self.students:
            initial = {f"c{c.pk}": getattr(consents.get((student.pk, c.pk)), "choice", "") for c in self.categories}
            form = PaperConsentForm(data, prefix=f"s{student.pk}", categories=self.categories, initial=initial)
            sources = {c.pk: consents.get((student.pk, c.pk)) for c in self.categories}
            rows.append({"student": student, "form": form, "consents": sources})
        return rows

    def get(self, request, pk):
        self.setup_page(request, pk)
        return self.render(request, self.rows(), ReceiptScanForm())

    def post(self, request, pk):
        self.setup_page(request, pk)
        if "upload_scan" in request.POST:
            form = ReceiptScanForm(request.POST, request.FILES)
            if form.is_valid() and self.notice:
                form.instance.school_class, form.instance.term = self.school_class, self.notice.term
                try:
                    services.receipt_scan_add(scan=form.instance, acting_user=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The scan was archived."))
                    return redirect(request.path)
            return self.render(request, self.rows(), form, status=422)
        if self.notice is None:
            messages.error(request, _("Paper receipts are recorded once the school's fee notice for this school "
                                      "year is published."))
            return redirect(request.path)
        rows = self.rows(request.POST)
        if not all(row["form"].is_valid() for row in rows):
            return self.render(request, rows, ReceiptScanForm(), status=422)
        changed = 0
        try:
            with transaction.atomic():  # the whole roster or nothing
                for row in rows:
                    changed += services.consent_record_paper(
                        student=row["student"], notice=self.notice, choices=row["form"].choices(),
                        acting_user=request.user,
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("%(count)s choices recorded from paper receipts.") % {"count": changed})
        return redirect(request.path)

    def render(self, request, rows, scan_form, status=200):
        return render(request, self.template_name, {
            "title": self.school_class.name, "school_class": self.school_class, "notice": self.notice,
            "categories": self.categories, "rows": rows, "scan_form": scan_form,
            "scans": ReceiptScan.objects.filter(school_class=self.school_class).select_related("uploaded_by"),
        }, status=status)
