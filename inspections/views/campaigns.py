"""Campaign pages: the list with the score trend, a campaign with its declarations and results,
creating and opening it, publishing the results, and a school's declaration (申报)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView, add_service_errors
from houqin.org.choices import Role
from inspections.choices import CampaignStatus
from inspections.filters import CampaignFilter, DeclarationFilter
from inspections.forms import DEFAULT_SOURCES, CampaignForm, SourceFormSet
from inspections.models import Campaign
from inspections.selectors import campaigns as selectors
from inspections.services import campaigns as services
from inspections.tables import CampaignTable, ResultTable

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


class CampaignListView(ScopedListView):
    selector = selectors.campaign_list
    filterset_class = CampaignFilter
    table_class = CampaignTable
    title = _("Campaigns")
    export_name = "campaigns"
    template_name = "inspections/campaign_list.html"
    create_url_name = "inspections:campaign_create"
    can_create_roles = (Role.BUREAU_ADMIN,)
    extra_actions = (("inspections:title_list", _("Titles"), "award", BUREAU),
                     ("inspections:vetofact_list", _("Veto facts"), "slash-circle", BUREAU))

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.school_id:  # schools see the campaigns once opened
            queryset = queryset.exclude(status=CampaignStatus.DRAFT)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.school_id:
            context["own_declarations"] = list(selectors.own_declarations(user=user).values())
            context["open_campaigns"] = [c for c in self.get_queryset().filter(status=CampaignStatus.OPEN)
                                         if c.pk not in {d.campaign_id for d in context["own_declarations"]}]
        else:
            context["trend"] = trend = selectors.score_trend(user=user)
            context["trend_chart"] = {"labels": trend["years"], "series": trend["series"]}
        return context


class CampaignDetailView(RoleRequiredMixin, DetailView):
    template_name = "inspections/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        queryset = Campaign.objects.visible_to(self.request.user).select_related("rubric__campaign_type")
        if self.request.user.school_id:
            queryset = queryset.exclude(status=CampaignStatus.DRAFT)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, user = self.object, self.request.user
        context["sources"] = list(campaign.sources.all())
        context["counts"] = selectors.declaration_counts(campaign)
        context["is_admin"] = user.role == Role.BUREAU_ADMIN
        context["is_bureau"] = user.role in BUREAU
        context["distribution"] = selectors.score_distribution(campaign)
        context["chart"] = {"labels": list(context["distribution"]["bands"]),
                            "values": list(context["distribution"]["bands"].values()), "name": str(_("schools"))}
        if user.school_id:
            context["declaration"] = selectors.own_declarations(user=user).get(campaign.pk)
            context["can_declare"] = (user.role == Role.PRINCIPAL and campaign.status == CampaignStatus.OPEN
                                      and context["declaration"] is None)
        context["history"] = history_entries(campaign) if user.role in BUREAU else []
        return context


class CampaignFormView(ServiceFormView):
    """Create or change a draft campaign, with its review sources and their weights."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = CampaignForm
    template_name = "inspections/campaign_form.html"
    title = _("Campaign")
    cancel_url_name = "inspections:campaign_list"

    def get_object(self):
        if "pk" in self.kwargs:
            campaign = get_object_or_404(Campaign.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
            if campaign.status != CampaignStatus.DRAFT:
                raise PermissionDenied
            return campaign
        return None

    def get_sources_formset(self):
        if self.request.method == "POST":
            return SourceFormSet(self.request.POST, prefix="sources")
        if self.object is not None:
            initial = [{"name": s.name, "weight": s.weight, "mode": s.mode} for s in self.object.sources.all()]
        else:
            initial = DEFAULT_SOURCES
        return SourceFormSet(initial=initial, prefix="sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("sources", self.get_sources_formset())
        return context

    def form_valid(self, form):
        sources = self.get_sources_formset()
        if not sources.is_valid():
            return self.render_to_response(self.get_context_data(form=form, sources=sources))
        specs = [services.SourceSpec(f.cleaned_data["name"], f.cleaned_data["weight"], f.cleaned_data["mode"])
                 for f in sources if f.cleaned_data.get("name")]
        try:
            campaign = services.campaign_save(campaign=form.instance, sources=specs, acting_user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, sources=sources))
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(campaign.get_absolute_url())


class CampaignActionView(RoleRequiredMixin, View):
    allowed_roles = (Role.BUREAU_ADMIN,)
    actions = {
        "open": (services.campaign_open, _("The campaign is open; the principals were told.")),
        "review": (services.campaign_start_review, _("The review has started.")),
        "publish": (services.campaign_publish, _("The results are published.")),
    }

    def post(self, request, pk, action):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
        if action not in self.actions:
            return redirect(campaign)
        service, message = self.actions[action]
        try:
            service(campaign=campaign, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return redirect(campaign)


class DeclareView(RoleRequiredMixin, View):
    allowed_roles = (Role.PRINCIPAL,)

    def post(self, request, pk):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user).exclude(status=CampaignStatus.DRAFT),
                                     pk=pk)
        try:
            declaration = services.declaration_declare(campaign=campaign, school=request.user.school,
                                                       acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(campaign)
        messages.success(request, _("Declared. The bureau will accept the declaration."))
        return redirect(declaration)


class ResultListView(ScopedListView):
    """A campaign's declarations ranked by final score: the county's score table (Excel)."""

    allowed_roles = BUREAU
    filterset_class = DeclarationFilter
    table_class = ResultTable
    export_name = "campaign-results"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("%(campaign)s: results") % {"campaign": self.campaign.title}

    def get_queryset(self):
        return selectors.declaration_list(user=self.request.user, campaign=self.campaign)
