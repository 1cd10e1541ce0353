"""The register: assets, rooms, transfers, labels and cards, the Excel import, the county rule."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from assets import documents, selectors, services
from assets.filters import AssetFilter, RoomFilter, TransferFilter
from assets.forms import AssetForm, AssetRuleForm, LabelsForm, RoomForm, TransferForm
from assets.models import Asset, Room
from assets.resources import AssetImport
from assets.rules import read_scanned_code
from assets.services.access import can_keep_register
from assets.tables import AssetTable, RoomTable, TransferTable
from assets.views.common import SCHOOL, KeeperMixin, TabsMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.org.views import ImportView


def pdf_response(content: bytes, filename: str, *, inline=True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response


class AssetListView(TabsMixin, ScopedListView):
    """The register (资产台账): the app's landing page for every role."""

    selector = selectors.asset_list
    filterset_class = AssetFilter
    table_class = AssetTable
    template_name = "assets/asset_list.html"
    title = _("Asset register")
    export_name = "assets"
    create_url_name = "assets:asset_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        context["totals"] = selectors.register_totals(self.filterset.qs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        context["labels_query"] = query.urlencode()
        return context


class AssetFormView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = AssetForm
    title = _("Asset")
    cancel_url_name = "assets:asset_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Asset.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {} if self.object else {"purchase_date": timezone.localdate()}

    def perform(self, form):
        if self.object is None:
            return services.asset_register(asset=form.instance, acting_user=self.request.user)
        return services.asset_update(asset=form.instance, acting_user=self.request.user)


class AssetDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/asset_detail.html"
    context_object_name = "asset"

    def get_queryset(self):
        return Asset.objects.visible_to(self.request.user).select_related("school", "room", "custodian",
                                                                          "purchase_request")

    def get_context_data(self, **kwargs):
        from assets.choices import ON_BOOKS

        context = super().get_context_data(**kwargs)
        asset = self.object
        context.update(
            dep=asset.depreciation(timezone.localdate()), history=history_entries(asset),
            can_keep=can_keep_register(self.request.user, asset.school_id), on_books=asset.status in ON_BOOKS,
            transfers=asset.transfers.select_related("from_room", "to_room", "from_custodian", "to_custodian")[:20],
            repairs=asset.repairs.order_by("-reported_at")[:10], disposals=asset.disposals.order_by("-requested_at"),
            transfer_form=TransferForm(asset=asset, initial={"date": timezone.localdate()}),
            tag_url=documents.tag_url(asset.tag_code))
        return context


class AssetTransferView(TabsMixin, KeeperMixin, ServiceFormView):
    title = _("Transfer")
    form_class = TransferForm

    def get_object(self):
        return get_object_or_404(Asset.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super(ServiceFormView, self).get_form_kwargs()
        kwargs["asset"] = self.object
        return kwargs

    def get_initial(self):
        return {"date": timezone.localdate(), "to_room": self.object.room_id, "to_custodian": self.object.custodian_id,
                "custodian_department": self.object.custodian_department}

    def perform(self, form):
        data = form.cleaned_data
        services.asset_transfer(asset=self.object, to_room=data["to_room"], to_custodian=data["to_custodian"],
                                reason=data["reason"], date=data["date"], acting_user=self.request.user,
                                custodian_department=data["custodian_department"])
        return self.object


class AssetCardView(RoleRequiredMixin, View):
    """The printable asset card (资产卡片)."""

    def get(self, request, pk):
        asset = get_object_or_404(Asset.objects.visible_to(request.user).select_related("school", "room", "custodian"),
                                  pk=pk)
        transfers = list(asset.transfers.select_related("from_room", "to_room", "to_custodian")[:12])
        repairs = list(asset.repairs.order_by("-reported_at")[:8])
        content = documents.render_asset_card_pdf(asset, transfers=transfers, repairs=repairs)
        return pdf_response(content, f"资产卡片-{asset.tag_code}.pdf")


class LabelsView(TabsMixin, RoleRequiredMixin, TemplateView):
    """Label sheets: the register's filtered assets, or the rooms, in three sizes."""

    template_name = "assets/labels.html"

    def get(self, request, *args, **kwargs):
        form = LabelsForm(request.GET or None)
        if request.GET.get("pdf") and form.is_valid():
            size = form.cleaned_data["size"]
            if request.GET.get("rooms"):
                rooms = selectors.room_list(user=request.user).filter(is_active=True).select_related("school")
                rooms = RoomFilter(request.GET, queryset=rooms, user=request.user).qs.order_by("building", "name")
                labels = documents.room_labels(rooms[:2000])
                name = "房间标签"
            else:
                assets = AssetFilter(request.GET, queryset=selectors.asset_list(user=request.user).on_books(),
                                     user=request.user).qs.select_related("school", "room").order_by("tag_code")
                labels = documents.asset_labels(assets[:2000])
                name = "资产标签"
            if not labels:
                messages.warning(request, _("Nothing to print: no asset or room matches."))
                return redirect(reverse("assets:labels") + "?" + request.GET.copy().urlencode().replace("pdf=1", ""))
            return pdf_response(documents.render_labels_pdf(labels, size=size), f"{name}-{size}.pdf")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("pdf", "size", "rooms"):
            query.pop(key, None)
        filterset = AssetFilter(query, queryset=selectors.asset_list(user=self.request.user).on_books(),
                                user=self.request.user)
        context.update(form=LabelsForm(initial={"size": "medium"}), hidden=[(k, v) for k, v in query.items()],
                       count=filterset.qs.count(), title=_("Print labels"), rooms=self.request.GET.get("rooms"),
                       room_count=selectors.room_list(user=self.request.user).filter(is_active=True).count())
        return context


class TagView(RoleRequiredMixin, View):
    """Where a label's QR code leads: the asset's (or room's) page, for those who may see it."""

    def get(self, request, code):
        parsed = read_scanned_code(code)
        if parsed is not None:
            kind, value = parsed
            model, field = (Room, "code") if kind == "room" else (Asset, "tag_code")
            found = model.objects.visible_to(request.user).filter(**{field: value}).first()
            if found is not None:
                return redirect(found.get_absolute_url())
        return render(request, "assets/tag_unknown.html", {"code": code[:60], "title": _("Unknown tag")}, status=404)


class RoomListView(TabsMixin, ScopedListView):
    selector = selectors.room_list
    filterset_class = RoomFilter
    table_class = RoomTable
    title = _("Rooms")
    export_name = "rooms"
    create_url_name = "assets:room_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        return context


class RoomFormView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = RoomForm
    title = _("Room")
    cancel_url_name = "assets:room_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Room.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.room_save(room=form.instance, acting_user=self.request.user)


class RoomDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/room_detail.html"
    context_object_name = "room"

    def get_queryset(self):
        return Room.objects.visible_to(self.request.user).select_related("school", "keeper")

    def get_context_data(self, **kwargs):
        from assets.choices import DORM_LIMIT, ON_BOOKS

        context = super().get_context_data(**kwargs)
        room = self.object
        context.update(
            assets=room.assets.filter(status__in=ON_BOOKS).select_related("custodian").order_by("tag_code"),
            checks=room.custody_checks.select_related("term", "keeper").order_by("-date")[:12],
            can_keep=can_keep_register(self.request.user, room.school_id), history=history_entries(room),
            limit=DORM_LIMIT.get(room.dorm_level))
        return context


class TransferListView(TabsMixin, ScopedListView):
    selector = selectors.transfer_list
    filterset_class = TransferFilter
    table_class = TransferTable
    title = _("Transfers")
    export_name = "transfers"


class AssetImportView(KeeperMixin, ImportView):
    importer_class = AssetImport
    list_url_name = "assets:asset_list"
    template_name = "资产台账导入模板"
    allowed_roles = SCHOOL

    def get_importer(self):
        return AssetImport(school_id=self.request.user.school_id)


class AssetRuleView(ServiceFormView):
    """The county's thresholds, set by the bureau administrator."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = AssetRuleForm
    title = _("County asset rule")
    cancel_url_name = "assets:request_list"

    def get_object(self):
        return services.asset_rule_for(self.request.user.county_id)

    def perform(self, form):
        return services.asset_rule_save(rule=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return reverse("assets:request_list")
