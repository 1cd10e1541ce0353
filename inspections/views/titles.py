"""Titles and rechecks, veto facts recorded by the bureau, and the public honour roll."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET

from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.public.cache import HONOURS, not_cached, public_page
from inspections.filters import TitleFilter, VetoFactFilter
from inspections.forms import ReasonForm, RecheckForm, VetoFactForm
from inspections.models import CampaignType, Title, VetoFact
from inspections.selectors import campaigns as selectors
from inspections.services import titles as services
from inspections.tables import TitleTable, VetoFactTable

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)
BUREAU_STAFF = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)


class TitleListView(ScopedListView):
    selector = selectors.title_list
    filterset_class = TitleFilter
    table_class = TitleTable
    title = _("Titles")
    export_name = "titles"


class TitleDetailView(ScopedDetailView):
    model = Title
    template_name = "inspections/title_detail.html"
    context_object_name = "title_obj"

    def get_queryset(self):
        return super().get_queryset().select_related("school", "campaign_type", "campaign")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rechecks"] = self.object.rechecks.select_related("inspector")
        context["can_recheck"] = self.request.user.role in BUREAU_STAFF and not self.object.revoked_at
        return context


class RecheckCreateView(ServiceFormView):
    allowed_roles = BUREAU_STAFF
    form_class = RecheckForm
    title = _("Recheck (复查)")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.title_obj = get_object_or_404(Title.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        form.instance.title = self.title_obj
        services.recheck_record(recheck=form.instance, acting_user=self.request.user)
        return self.title_obj

    def get_cancel_url(self):
        return self.title_obj.get_absolute_url()


class VetoFactListView(ScopedListView):
    allowed_roles = BUREAU
    selector = selectors.veto_fact_list
    filterset_class = VetoFactFilter
    table_class = VetoFactTable
    title = _("Veto facts")
    export_name = "veto-facts"
    create_url_name = "inspections:vetofact_create"
    can_create_roles = BUREAU_STAFF


class VetoFactCreateView(ServiceFormView):
    allowed_roles = BUREAU_STAFF
    form_class = VetoFactForm
    title = _("Record a veto fact")
    cancel_url_name = "inspections:vetofact_list"

    def perform(self, form):
        return services.veto_fact_record(fact=form.instance, acting_user=self.request.user)


class VetoFactDetailView(ScopedDetailView):
    model = VetoFact
    allowed_roles = BUREAU
    template_name = "inspections/vetofact_detail.html"
    context_object_name = "fact"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_void"] = self.request.user.role in BUREAU_STAFF and not self.object.voided_at
        context["form"] = ReasonForm()
        return context


class VetoFactVoidView(RoleRequiredMixin, View):
    allowed_roles = BUREAU_STAFF

    def post(self, request, pk):
        fact = get_object_or_404(VetoFact.objects.visible_to(request.user), pk=pk)
        try:
            services.veto_fact_void(fact=fact, reason=request.POST.get("reason", ""), acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The fact is voided."))
        return redirect(fact)


@public_page(depends=(HONOURS,), params={"year": r"[0-9]{4}", "type": r".{1,40}"})
@require_GET
def honour_roll(request):
    """公开荣誉榜: every title in force, by year and campaign, searchable by school."""
    year = request.GET.get("year", "")
    campaign_type = request.GET.get("type", "")[:40]
    query = request.GET.get("q", "").strip()[:50]
    titles = selectors.honour_roll(year=int(year) if year.isdigit() and len(year) == 4 else None,
                                   campaign_type=campaign_type)
    if query:
        titles = titles.filter(Q(school__name__icontains=query) | Q(school__code__startswith=query))
    titles = list(titles[:500])
    groups: dict = {}
    for title in titles:
        groups.setdefault((title.year, title.name), []).append(title)
    types = sorted(set(CampaignType.objects.filter(titles__revoked_at__isnull=True).values_list("name", flat=True)))
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 6, -1))
    response = render(request, "public/honours.html", {
        "groups": [{"year": year_, "name": name, "titles": items} for (year_, name), items in groups.items()],
        "years": years, "types": types, "year": year, "type": campaign_type, "q": query, "count": len(titles),
    })
    if year and year not in map(str, years) or campaign_type and campaign_type not in types:
        return not_cached(response)  # only the choices the page offers are kept in the cache
    return response
