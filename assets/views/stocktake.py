"""The stock-take on a phone, its difference report, custody per room, and the reconciliation with
the finance export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from assets import selectors, services
from assets.choices import ON_BOOKS, LineResult, StockTakeStatus
from assets.filters import CustodyFilter, ReconciliationFilter, StockTakeFilter
from assets.forms import CustodyForm, DecisionForm, ReconciliationForm, ScanForm, StockTakeForm, SubmitReportForm
from assets.forms import SurplusForm
from assets.models import Asset, CustodyCheck, Reconciliation, Room, StockTake, StockTakeLine, StockTakeRoom
from assets.services.access import can_keep_register
from assets.services.stocktake import may_approve_stocktake
from assets.tables import CustodyTable, ReconciliationTable, StockTakeTable
from assets.views.common import SCHOOL, ActionView, KeeperMixin, TabsMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.models import Term


class StockTakeListView(TabsMixin, ScopedListView):
    selector = selectors.stocktake_list
    filterset_class = StockTakeFilter
    table_class = StockTakeTable
    title = _("Stock-takes")
    export_name = "stock-takes"
    create_url_name = "assets:stocktake_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        return context


class StockTakeCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = StockTakeForm
    title = _("Start a stock-take")
    cancel_url_name = "assets:stocktake_list"

    def perform(self, form):
        return services.stocktake_start(stocktake=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return reverse("assets:stocktake_count", args=[saved.pk])


class StockTakeDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    """The difference report (盘盈/盘亏) with every line, for approval."""

    template_name = "assets/stocktake_detail.html"
    context_object_name = "stocktake"

    def get_queryset(self):
        return StockTake.objects.visible_to(self.request.user).select_related("school", "started_by",
                                                                              "submitted_by", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stocktake, user = self.object, self.request.user
        lines = list(selectors.stocktake_lines(stocktake).exclude(result=LineResult.FOUND))
        context.update(
            totals=selectors.difference_totals(stocktake), lines=lines, history=history_entries(stocktake),
            can_count=stocktake.status == StockTakeStatus.OPEN and can_keep_register(user, stocktake.school_id),
            may_approve=stocktake.status == StockTakeStatus.SUBMITTED and may_approve_stocktake(user, stocktake),
            uncounted=services.uncounted_assets(stocktake).count() if stocktake.status == StockTakeStatus.OPEN else 0,
            submit_form=SubmitReportForm(initial={"note": stocktake.report_note}), decision_form=DecisionForm(),
            rooms=stocktake.rooms.select_related("room").order_by("started_at"))
        return context


class StockTakeCountView(TabsMixin, KeeperMixin, RoleRequiredMixin, View):
    """Counting on a phone: scan (or type) a room's code, then its assets. With JavaScript the scan is
    sent in the background and only the panel is redrawn, so the camera keeps running."""

    def get_stocktake(self):
        return get_object_or_404(StockTake.objects.visible_to(self.request.user).select_related("school"),
                                 pk=self.kwargs["pk"])

    def get_room(self, stocktake, value):
        if not value:
            return None
        if not str(value).isdecimal() or len(str(value)) > 12:
            return None
        return Room.objects.filter(pk=int(value), school_id=stocktake.school_id).first()

    def get(self, request, pk):
        stocktake = self.get_stocktake()
        room = self.get_room(stocktake, request.GET.get("room"))
        return self.render(stocktake, room, None)

    def post(self, request, pk):
        stocktake = self.get_stocktake()
        room = self.get_room(stocktake, request.POST.get("room"))
        form = ScanForm(request.POST)
        outcome = None
        if form.is_valid():
            try:
                outcome = services.stocktake_scan(stocktake=stocktake, code=form.cleaned_data["code"], room=room,
                                                  acting_user=request.user)
                room = outcome.room
            except ValidationError as error:
                outcome = services.ScanOutcome("danger", " ".join(error.messages), room)
        else:
            outcome = services.ScanOutcome("danger", _("Scan a code or type it in."), room)
        if request.htmx:
            return self.render(stocktake, room, outcome, partial=True)
        messages.add_message(request, {"success": messages.SUCCESS, "info": messages.INFO,
                                       "warning": messages.WARNING}.get(outcome.level, messages.ERROR),
                             outcome.message)
        url = reverse("assets:stocktake_count", args=[stocktake.pk])
        return redirect(f"{url}?room={room.pk}" if room else url)

    def render(self, stocktake, room, outcome, partial=False):
        context = {"stocktake": stocktake, "room": room, "outcome": outcome, "form": ScanForm(),
                   "title": _("Count: %(title)s") % {"title": stocktake.title},
                   "open": stocktake.status == StockTakeStatus.OPEN, "subnav_template": "assets/_tabs.html"}
        if room is not None:
            lines = {line.asset_id: line for line in StockTakeLine.objects.filter(stocktake=stocktake)
                     .filter(asset__room=room) | StockTakeLine.objects.filter(stocktake=stocktake, found_room=room)}
            expected = list(Asset.objects.filter(room=room, status__in=ON_BOOKS).order_by("tag_code"))
            found_here = (StockTakeLine.objects.filter(stocktake=stocktake, found_room=room)
                          .exclude(asset__room=room).select_related("asset", "expected_room"))
            counted = StockTakeRoom.objects.filter(stocktake=stocktake, room=room).first()
            context.update(
                expected=[{"asset": a, "line": lines.get(a.pk)} for a in expected], found_here=list(found_here),
                counted_room=counted, surplus_form=SurplusForm(),
                done=sum(1 for a in expected if lines.get(a.pk) and lines[a.pk].result != LineResult.MISSING
                         and lines[a.pk].found_room_id == room.pk))
        context["rooms"] = (StockTakeRoom.objects.filter(stocktake=stocktake).select_related("room")
                            .order_by("-started_at")[:30])
        template = "assets/_count_panel.html" if partial else "assets/stocktake_count.html"
        return render(self.request, template, context)


def posted_room(request, stocktake) -> Room:
    """The room a stock-take action names, of the stock-take's school; a clear message otherwise."""
    value = request.POST.get("room", "")
    room = Room.objects.filter(pk=int(value), school_id=stocktake.school_id).first() \
        if value.isdecimal() and len(value) < 12 else None
    if room is None:
        raise ValidationError(_("Scan the room's code first, then its assets."))
    return room


class StockTakeActionView(ActionView):
    model = StockTake

    def get_success_url(self, obj):
        return reverse("assets:stocktake_detail", args=[obj.pk])


class RoomFinishView(StockTakeActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    def act(self, obj, data):
        room = posted_room(self.request, obj)
        lines = services.stocktake_room_finish(stocktake=obj, room=room, acting_user=self.request.user)
        messages.success(self.request, _("%(room)s counted; %(count)s assets marked missing.") % {
            "room": room, "count": len(lines)})

    def get_success_url(self, obj):
        return reverse("assets:stocktake_count", args=[obj.pk])


class SurplusView(StockTakeActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    form_class = SurplusForm
    success_message = _("Surplus item recorded; it is registered when the report is approved.")

    def act(self, obj, data):
        self.room = posted_room(self.request, obj)
        services.stocktake_surplus_add(stocktake=obj, room=self.room, acting_user=self.request.user, **data)

    def get_success_url(self, obj):
        room = getattr(self, "room", None)
        url = reverse("assets:stocktake_count", args=[obj.pk])
        return f"{url}?room={room.pk}" if room else url


class LineCorrectView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = StockTakeLine
    success_message = _("The room is corrected on the register.")

    def act(self, obj, data):
        services.stocktake_line_correct(line=obj, acting_user=self.request.user)

    def get_success_url(self, obj):
        back = self.request.POST.get("next", "")
        if back.startswith("/assets/"):
            return back
        return reverse("assets:stocktake_detail", args=[obj.stocktake_id])


class StockTakeSubmitView(StockTakeActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    form_class = SubmitReportForm
    success_message = _("The difference report is with the principal.")

    def act(self, obj, data):
        services.stocktake_submit(stocktake=obj, note=data.get("note", ""), acting_user=self.request.user)


class StockTakeDecideView(StockTakeActionView):
    form_class = DecisionForm

    def act(self, obj, data):
        if self.request.POST.get("decision") == "approve":
            services.stocktake_approve(stocktake=obj, acting_user=self.request.user)
            messages.success(self.request, _("The report is approved and the register corrected."))
        else:
            services.stocktake_return(stocktake=obj, comment=data.get("comment", ""), acting_user=self.request.user)
            messages.success(self.request, _("The report is returned to be counted again."))


class CustodyListView(TabsMixin, ScopedListView):
    selector = selectors.custody_list
    filterset_class = CustodyFilter
    table_class = CustodyTable
    title = _("Custody checks")
    export_name = "custody-checks"


class CustodyCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    """Handover, mid-term check or hand-back of one room: tick what is there."""

    form_class = CustodyForm
    title = _("Custody check")
    template_name = "assets/custody_form.html"

    def get_object(self):
        return get_object_or_404(Room.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super(ServiceFormView, self).get_form_kwargs()
        kwargs["room"] = self.object
        return kwargs

    def get_initial(self):
        today = timezone.localdate()
        return {"date": today, "term": Term.objects.current(today), "keeper": self.object.keeper_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assets"] = Asset.objects.filter(room=self.object, status__in=ON_BOOKS).order_by("tag_code")
        context["present"] = set(self.request.POST.getlist("present")) if self.request.method == "POST" else None
        return context

    def perform(self, form):
        data = form.cleaned_data
        present = [v for v in self.request.POST.getlist("present") if v.isdecimal()]
        conditions = {int(k.split("_", 1)[1]): v for k, v in self.request.POST.items()
                      if k.startswith("condition_") and k.split("_", 1)[1].isdecimal() and v.strip()}
        return services.custody_record(room=self.object, term=data["term"], kind=data["kind"], date=data["date"],
                                       keeper=data["keeper"], present_ids=present, conditions=conditions,
                                       note=data["note"], acting_user=self.request.user)


class CustodyDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/custody_detail.html"
    context_object_name = "check"

    def get_queryset(self):
        return CustodyCheck.objects.visible_to(self.request.user).select_related("room", "room__school", "term",
                                                                                 "keeper", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.select_related("asset").order_by("asset__tag_code")
        return context


class ReconciliationListView(TabsMixin, ScopedListView):
    selector = selectors.reconciliation_list
    filterset_class = ReconciliationFilter
    table_class = ReconciliationTable
    title = _("Reconciliation with the finance system")
    export_name = "reconciliations"
    create_url_name = "assets:reconciliation_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        return context


class ReconciliationCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = ReconciliationForm
    title = _("Reconcile with the finance export")
    cancel_url_name = "assets:reconciliation_list"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Upload the asset list exported from the finance system (.xlsx). It needs a column of "
                             "tag codes (资产编号) and one of original values (原值); names are optional.")
        return context

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return services.reconciliation_run(school_id=self.request.user.school_id, fileobj=upload,
                                           file_name=upload.name, period=form.cleaned_data["period"],
                                           acting_user=self.request.user)


class ReconciliationDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/reconciliation_detail.html"
    context_object_name = "rec"

    def get_queryset(self):
        return Reconciliation.objects.visible_to(self.request.user).select_related("school", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.all()
        return context

