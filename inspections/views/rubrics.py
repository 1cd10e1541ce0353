"""Rubric pages: campaign types, the rubric list, a rubric with its items (edited while a draft),
versions, and Excel import and export."""

from django.contrib import messages
from django.db.models import Count
from django.urls import reverse
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from houqin.core.excel import xlsx_response
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.org.views import ImportView
from inspections.filters import CampaignTypeFilter, RubricFilter
from inspections.forms import CampaignTypeForm, ItemForm, RubricForm, SectionForm
from inspections.models import CampaignType, Rubric, RubricItem
from inspections.resources import RubricImport, rubric_workbook
from inspections.selectors import campaigns as selectors
from inspections.services import rubrics as services
from inspections.tables import CampaignTypeTable, RubricTable

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


class RubricListView(ScopedListView):
    allowed_roles = BUREAU
    selector = selectors.rubric_list
    filterset_class = RubricFilter
    table_class = RubricTable
    title = _("Rubrics")
    export_name = "rubrics"
    create_url_name = "inspections:rubric_create"
    can_create_roles = (Role.BUREAU_ADMIN,)
    extra_actions = (("inspections:campaign_type_list", _("Campaign types"), "bookmark-star", (Role.BUREAU_ADMIN,)),)


class RubricDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = BUREAU
    template_name = "inspections/rubric_detail.html"
    context_object_name = "rubric"

    def get_queryset(self):
        return Rubric.objects.visible_to(self.request.user).select_related("campaign_type", "previous")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rubric = self.object
        context["sections"] = selectors.rubric_items(rubric)
        context["total"] = services.rubric_total(rubric)
        context["can_edit"] = rubric.is_editable and self.request.user.role == Role.BUREAU_ADMIN
        context["is_admin"] = self.request.user.role == Role.BUREAU_ADMIN
        context["history"] = history_entries(rubric)
        context["versions"] = Rubric.objects.filter(campaign_type=rubric.campaign_type, year=rubric.year,
                                                    level=rubric.level).order_by("version")
        return context


class RubricCreateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = RubricForm
    title = _("New rubric")
    cancel_url_name = "inspections:rubric_list"

    def perform(self, form):
        return services.rubric_create(rubric=form.instance, acting_user=self.request.user)


class RubricUpdateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = RubricForm
    title = _("Change the rubric")

    def get_object(self):
        return get_object_or_404(Rubric.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.rubric_update(rubric=form.instance, acting_user=self.request.user)


class RubricActionView(RoleRequiredMixin, View):
    """The buttons of a rubric: put in use, retire, make a new version."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    actions = {
        "activate": (services.rubric_activate, _("The rubric is in use.")),
        "retire": (services.rubric_retire, _("The rubric is retired.")),
        "new_version": (services.rubric_new_version, _("A new draft version was made.")),
    }

    def post(self, request, pk, action):
        rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=pk)
        if action not in self.actions:
            return redirect(rubric)
        service, message = self.actions[action]
        try:
            result = service(rubric=rubric, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(rubric)
        messages.success(request, message)
        return redirect(result)


class RubricExportView(RoleRequiredMixin, View):
    allowed_roles = BUREAU

    def get(self, request, pk):
        rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=pk)
        return xlsx_response(rubric_workbook(rubric), f"{rubric.title}-v{rubric.version}.xlsx")


class RubricImportView(ImportView):
    """Replace a draft's sections and items from a workbook in the export's columns."""

    importer_class = RubricImport
    list_url_name = "inspections:rubric_list"
    template_name = "评分细则导入模板"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=kwargs.pop("pk"))
            if not self.rubric.is_editable and request.method == "POST":
                messages.error(request, _("A rubric in use is not changed; make a new version of it."))
                return redirect(self.rubric)
        return super().dispatch(request, *args, **kwargs)

    def get_importer(self):
        return RubricImport(rubric=self.rubric)


class SectionCreateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = SectionForm
    title = _("New section")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        form.instance.rubric = self.rubric
        services.rubric_section_save(section=form.instance, acting_user=self.request.user)
        return self.rubric

    def get_cancel_url(self):
        return self.rubric.get_absolute_url()


class ItemView(ServiceFormView):
    """Add an item to a draft, or change one."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = ItemForm
    title = _("Rubric item")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if "item_pk" in self.kwargs:
            return get_object_or_404(RubricItem.objects.filter(rubric=self.rubric), pk=self.kwargs["item_pk"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["rubric"] = self.rubric
        return kwargs

    def perform(self, form):
        services.rubric_item_save(item=form.instance, acting_user=self.request.user)
        return self.rubric

    def get_cancel_url(self):
        return self.rubric.get_absolute_url()


class ItemDeleteView(RoleRequiredMixin, View):
    allowed_roles = (Role.BUREAU_ADMIN,)

    def post(self, request, pk, item_pk):
        rubric = get_object_or_404(Rubric.objects.visible_to(request.user), pk=pk)
        item = get_object_or_404(RubricItem.objects.filter(rubric=rubric), pk=item_pk)
        try:
            services.rubric_item_delete(item=item, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The item was removed."))
        return redirect(rubric)


class CampaignTypeListView(ScopedListView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    title = _("Campaign types")
    export_name = "campaign-types"
    create_url_name = "inspections:campaign_type_create"
    can_create_roles = (Role.BUREAU_ADMIN,)

    table_class = CampaignTypeTable
    filterset_class = CampaignTypeFilter

    def get_queryset(self):
        return CampaignType.objects.visible_to(self.request.user).annotate(rubric_count=Count("rubrics"))


class CampaignTypeView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = CampaignTypeForm
    title = _("Campaign type")
    cancel_url_name = "inspections:campaign_type_list"

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(CampaignType.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return None

    def perform(self, form):
        return services.campaign_type_save(campaign_type=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return reverse("inspections:campaign_type_list")
