"""Pages of the organisation tree and accounts: thin, scoped, one service call each."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from houqin.core.excel import run_import, template_workbook, xlsx_response
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from houqin.org import selectors, services
from houqin.org.choices import BUREAU_ROLES, Role
from houqin.org.filters import SchoolFilter, TownshipFilter, UserFilter
from houqin.org.forms import (
    ImportForm,
    PasswordResetByManagerForm,
    TownshipForm,
    school_form_class,
    user_form_class,
)
from houqin.org.models import School, Township, User
from houqin.org.resources import SchoolImport, UserImport
from houqin.org.tables import SchoolTable, TownshipTable, UserTable

BUREAU = tuple(BUREAU_ROLES)
USER_MANAGERS = (Role.BUREAU_ADMIN, Role.PRINCIPAL)


# --- schools -------------------------------------------------------------------------------------


class SchoolListView(ScopedListView):
    selector = selectors.school_list
    filterset_class = SchoolFilter
    table_class = SchoolTable
    title = _("Schools")
    export_name = "schools"
    create_url_name = "org:school_create"
    can_create_roles = (Role.BUREAU_ADMIN,)
    extra_actions = (("org:school_import", _("Import from Excel"), "upload", (Role.BUREAU_ADMIN,)),)


class SchoolDetailView(ScopedDetailView):
    model = School
    template_name = "org/school_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("township__county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_edit"] = has_role(user, Role.BUREAU_ADMIN) or (
            user.role == Role.PRINCIPAL and user.school_id == self.object.pk
        )
        if has_role(user, *USER_MANAGERS, *BUREAU):
            context["accounts"] = selectors.school_accounts(school=self.object)
            context["can_manage_accounts"] = has_role(user, *USER_MANAGERS)
        return context


class SchoolCreateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    title = _("New school")
    cancel_url_name = "org:school_list"
    success_message = _("The school was registered.")

    def get_form_class(self):
        return school_form_class(self.request.user)

    def perform(self, form):
        return services.school_create(school=form.instance, acting_user=self.request.user)


class SchoolUpdateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN, Role.PRINCIPAL)
    title = _("Edit school")

    def get_object(self):
        return get_object_or_404(School.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_class(self):
        user = self.request.user
        if not has_role(user, Role.BUREAU_ADMIN) and user.school_id != self.object.pk:
            raise PermissionDenied
        return school_form_class(user)

    def perform(self, form):
        return services.school_update(school=form.instance, acting_user=self.request.user)


# --- townships -----------------------------------------------------------------------------------


class TownshipListView(ScopedListView):
    allowed_roles = (*BUREAU, Role.TOWNSHIP_SUPERVISOR)
    selector = selectors.township_list
    filterset_class = TownshipFilter
    table_class = TownshipTable
    title = _("Townships")
    export_name = "townships"
    create_url_name = "org:township_create"
    can_create_roles = (Role.BUREAU_ADMIN,)


class TownshipDetailView(ScopedDetailView):
    allowed_roles = (*BUREAU, Role.TOWNSHIP_SUPERVISOR)
    model = Township
    template_name = "org/township_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schools"] = selectors.school_list(user=self.request.user).filter(township=self.object)
        context["can_edit"] = has_role(self.request.user, Role.BUREAU_ADMIN)
        return context


class TownshipCreateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = TownshipForm
    title = _("New township")
    cancel_url_name = "org:township_list"

    def perform(self, form):
        return services.township_save(township=form.instance, acting_user=self.request.user)


class TownshipUpdateView(TownshipCreateView):
    title = _("Edit township")

    def get_object(self):
        return get_object_or_404(Township.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


# --- accounts ------------------------------------------------------------------------------------


class UserListView(ScopedListView):
    allowed_roles = USER_MANAGERS
    selector = selectors.user_list
    filterset_class = UserFilter
    table_class = UserTable
    title = _("Users")
    export_name = "users"
    create_url_name = "org:user_create"
    can_create_roles = USER_MANAGERS
    extra_actions = (("org:user_import", _("Import from Excel"), "upload", (Role.BUREAU_ADMIN,)),)


class UserDetailView(ScopedDetailView):
    allowed_roles = USER_MANAGERS
    model = User
    template_name = "org/user_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("school", "township", "county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = services.can_manage_user(self.request.user, self.object)
        return context


class UserCreateView(ServiceFormView):
    allowed_roles = USER_MANAGERS
    title = _("New account")
    cancel_url_name = "org:user_list"
    success_message = _("The account was opened.")

    def get_form_class(self):
        return user_form_class(self.request.user, create=True)

    def perform(self, form):
        return services.user_create(
            user=form.instance, password=form.cleaned_data["password1"], acting_user=self.request.user
        )


class ManagedUserMixin:
    def get_object(self):
        user = get_object_or_404(User.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not services.can_manage_user(self.request.user, user):
            raise PermissionDenied
        return user


class UserUpdateView(ManagedUserMixin, ServiceFormView):
    allowed_roles = USER_MANAGERS
    title = _("Edit account")

    def get_form_class(self):
        return user_form_class(self.request.user, create=False)

    def perform(self, form):
        return services.user_update(user=form.instance, acting_user=self.request.user)


class UserPasswordResetView(ManagedUserMixin, ServiceFormView):
    allowed_roles = USER_MANAGERS
    form_class = PasswordResetByManagerForm
    title = _("Set a new password")
    success_message = _("The new password was set. Give it to the account holder in person.")

    def perform(self, form):
        return services.user_set_password(
            user=self.object, password=form.cleaned_data["password1"], acting_user=self.request.user
        )


class UserUnlockView(ManagedUserMixin, RoleRequiredMixin, View):
    """Lift the sign-in lockout of an account after repeated failed attempts."""

    allowed_roles = USER_MANAGERS

    def post(self, request, pk):
        user = self.get_object()
        services.user_unlock(user=user, acting_user=request.user)
        messages.success(request, _("Signing in is unlocked for %(name)s.") % {"name": user})
        return redirect(user.get_absolute_url())


# --- Excel imports -------------------------------------------------------------------------------


class ImportView(RoleRequiredMixin, View):
    """Upload page, template download and row-level report of one SheetImport."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    importer_class = None
    list_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.county_id:
            raise PermissionDenied  # imports fill a county: an account without one has nothing to fill
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.GET.get("template"):
            importer = self.get_importer()
            return xlsx_response(template_workbook(importer), f"{self.template_name}.xlsx")
        return self.render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            report = run_import(self.get_importer(), form.cleaned_data["file"], acting_user=request.user)
            if report.ok:
                messages.success(
                    request,
                    _("Imported %(total)s rows: %(created)s new, %(updated)s updated.")
                    % {"total": report.total, "created": report.created, "updated": report.updated},
                )
        return self.render(request, form, report, status=200 if report is None or report.ok else 422)

    def get_importer(self):
        return self.importer_class()

    def render(self, request, form, report=None, status=200):
        context = {
            "title": self.importer_class.title,
            "form": form,
            "report": report,
            "columns": self.importer_class.columns,
            "list_url_name": self.list_url_name,
        }
        return render(request, "generic/import.html", context, status=status)


class SchoolImportView(ImportView):
    importer_class = SchoolImport
    list_url_name = "org:school_list"
    template_name = "学校导入模板"


class UserImportView(ImportView):
    importer_class = UserImport
    list_url_name = "org:user_list"
    template_name = "用户导入模板"
