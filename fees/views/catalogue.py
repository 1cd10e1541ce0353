"""The county catalogue: fee categories with their caps, policy documents, forbidden items."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from fees import selectors, services
from fees.filters import CategoryFilter, ForbiddenFilter, PolicyFilter
from fees.forms import FeeCapFormSet, FeeCategoryForm, ForbiddenItemForm, PolicyDocumentForm
from fees.models import FeeCategory, ForbiddenItem, PolicyDocument
from fees.resources import CategoryImport, ForbiddenImport, PolicyImport
from fees.tables import CategoryTable, ForbiddenTable, PolicyTable
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.org.views import ImportView

ADMIN = (Role.BUREAU_ADMIN,)


class CategoryListView(ScopedListView):
    selector = selectors.category_list
    filterset_class = CategoryFilter
    table_class = CategoryTable
    title = _("Fee categories")
    export_name = "fee-categories"
    create_url_name = "fees:category_create"
    can_create_roles = ADMIN
    extra_actions = (
        ("fees:policy_list", _("Policy documents"), "journal-text", ()),
        ("fees:forbidden_list", _("Forbidden items"), "slash-circle", ()),
        ("fees:category_import", _("Import from Excel"), "upload", ADMIN),
    )


class CategoryDetailView(RoleRequiredMixin, DetailView):
    template_name = "fees/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        return FeeCategory.objects.visible_to(self.request.user).select_related("policy")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["caps"] = self.object.caps.order_by("school_type", "unit")
        context["history"] = history_entries(self.object)
        context["can_edit"] = has_role(self.request.user, *ADMIN)
        return context


class CategoryFormView(ServiceFormView):
    """Category with its caps (an inline formset), saved together or not at all."""

    allowed_roles = ADMIN
    form_class = FeeCategoryForm
    template_name = "fees/category_form.html"
    cancel_url_name = "fees:category_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(FeeCategory.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit fee category") if self.object else _("New fee category")
        context.setdefault("caps", FeeCapFormSet(instance=self.object or FeeCategory(), prefix="caps"))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        caps = FeeCapFormSet(request.POST, instance=form.instance, prefix="caps")
        if form.is_valid() and caps.is_valid():
            self.caps = caps
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form, caps=caps))

    @transaction.atomic
    def perform(self, form):
        category = services.catalogue_entry_save(entry=form.instance, acting_user=self.request.user)
        self.caps.instance = category
        for cap_form in self.caps.forms:
            if not cap_form.has_changed() and cap_form.instance.pk is None:
                continue
            if cap_form.cleaned_data.get("DELETE"):
                if cap_form.instance.pk:
                    services.fee_cap_delete(cap=cap_form.instance, acting_user=self.request.user)
                continue
            cap_form.instance.category = category
            services.fee_cap_save(cap=cap_form.instance, acting_user=self.request.user)
        return category


class PolicyListView(ScopedListView):
    selector = selectors.policy_list
    filterset_class = PolicyFilter
    table_class = PolicyTable
    title = _("Policy documents")
    export_name = "fee-policies"
    create_url_name = "fees:policy_create"
    can_create_roles = ADMIN
    extra_actions = (("fees:policy_import", _("Import from Excel"), "upload", ADMIN),)


class ForbiddenListView(ScopedListView):
    selector = selectors.forbidden_list
    filterset_class = ForbiddenFilter
    table_class = ForbiddenTable
    title = _("Forbidden items")
    export_name = "forbidden-fees"
    create_url_name = "fees:forbidden_create"
    can_create_roles = ADMIN
    extra_actions = (("fees:forbidden_import", _("Import from Excel"), "upload", ADMIN),)


class CatalogueEntryFormView(ServiceFormView):
    allowed_roles = ADMIN
    model = None

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.catalogue_entry_save(entry=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse(self.cancel_url_name)


class PolicyFormView(CatalogueEntryFormView):
    model = PolicyDocument
    form_class = PolicyDocumentForm
    title = _("Policy document")
    cancel_url_name = "fees:policy_list"


class ForbiddenFormView(CatalogueEntryFormView):
    model = ForbiddenItem
    form_class = ForbiddenItemForm
    title = _("Forbidden item")
    cancel_url_name = "fees:forbidden_list"


class CategoryImportView(ImportView):
    importer_class = CategoryImport
    list_url_name = "fees:category_list"
    template_name = "收费类别导入模板"


class PolicyImportView(ImportView):
    importer_class = PolicyImport
    list_url_name = "fees:policy_list"
    template_name = "政策文件导入模板"


class ForbiddenImportView(ImportView):
    importer_class = ForbiddenImport
    list_url_name = "fees:forbidden_list"
    template_name = "禁止收费项目导入模板"
