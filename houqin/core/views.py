"""The generic views every app builds on: a scoped, filtered, sortable, paginated and exportable list;
a scoped detail page with its change history; create and edit pages that call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from houqin.core.excel import table_workbook, xlsx_response
from houqin.core.history import history_entries
from houqin.core.pagination import DeferredJoinPaginator
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.uploads import PROTECTED_FILES


class ScopedListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    """A list page: subclasses give `selector` (reads through the user's scope), a FilterSet and a
    Table. The same selector, filter and columns serve the page and its Excel export (?_export=xlsx),
    which holds every filtered row, not only the page shown."""

    template_name = "generic/list.html"
    paginate_by = None  # the table paginates (and clamps a bad ?page=); the queryset is not paginated twice
    table_pagination = {"per_page": 25, "paginator_class": DeferredJoinPaginator}
    export_name = ""
    selector = None
    title = ""
    create_url_name = None
    can_create_roles: tuple = ()
    extra_actions: tuple = ()  # (url name, label, icon, roles[, "post"])

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_table_kwargs(self):
        return {"request": self.request}

    MAX_PER_PAGE = 100

    def get(self, request, *args, **kwargs):
        """?per_page= between 1 and 100 is honoured; anything else is dropped (never a 500)."""
        wanted = request.GET.get("per_page")
        if wanted is not None and not (wanted.isascii() and wanted.isdecimal()
                                       and 1 <= int(wanted) <= self.MAX_PER_PAGE):
            query = request.GET.copy()
            del query["per_page"]
            request.GET = query
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("_export") == "xlsx":
            table = self.get_table(**self.get_table_kwargs())
            name = f"{self.title or self.export_name}-{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_workbook(table, title=str(self.title)), name)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        from houqin.core.permissions import has_role

        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["can_create"] = bool(self.create_url_name) and has_role(self.request.user, *self.can_create_roles)
        context["create_url_name"] = self.create_url_name
        context["extra_actions"] = [
            {"url_name": action[0], "label": action[1], "icon": action[2], "post": action[4:] == ("post",)}
            for action in self.extra_actions
            if has_role(self.request.user, *action[3])
        ]
        context["filtered"] = any(v for k, v in self.request.GET.items() if k not in ("page", "sort"))
        return context


class ScopedDetailView(RoleRequiredMixin, DetailView):
    """A detail page: the object is fetched through `.visible_to(user)` (404 outside the scope) and
    shown with its change history."""

    history_limit = 30

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object, limit=self.history_limit)
        return context


class ServiceFormView(RoleRequiredMixin, FormView):
    """A create or edit page whose valid form is handed to one service call.

    Subclasses implement `perform(form)` returning the saved object; a ValidationError raised by
    the service is shown on the form, never as a 500.
    """

    template_name = "generic/form.html"
    success_message = _("Saved.")
    title = ""
    object = None
    cancel_url_name = None

    def get_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            saved = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url_for(saved))

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["object"] = self.object
        context["cancel_url"] = self.get_cancel_url()
        if self.object is not None and getattr(self.object, "pk", None) and hasattr(self.object, "history"):
            context.setdefault("history", history_entries(self.object))
        return context

    def get_cancel_url(self):
        if self.object is not None and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return reverse(self.cancel_url_name) if self.cancel_url_name else reverse("home")


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has that
    field, otherwise at the top of the form (never a 500 for a field the form does not show)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProtectedFileView(RoleRequiredMixin, View):
    """Serve an uploaded file only to users who may see the record that holds it."""

    def get(self, request, app_label, model_name, pk, field_name):
        from django.apps import apps

        if field_name not in PROTECTED_FILES.get((app_label, model_name), ()):
            raise Http404
        model = apps.get_model(app_label, model_name)
        instance = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
        file = getattr(instance, field_name)
        if not file:
            raise Http404
        try:
            handle = file.storage.open(file.name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, as_attachment=False, filename=file.name.rsplit("/", 1)[-1])
        response["Cache-Control"] = "private, max-age=0"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


def healthz(request):
    """Liveness and readiness: the database and Redis each answer, or the check is 503."""
    from django.core.cache import cache
    from django.db import connection

    state = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        state["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        state["database"] = f"error: {type(error).__name__}"
    try:
        client = cache._cache.get_client(write=True)
        client.ping()
        state["redis"] = "ok"
    except Exception as error:  # noqa: BLE001
        state["redis"] = f"error: {type(error).__name__}"
    healthy = all(v == "ok" for v in state.values())
    return JsonResponse({"status": "ok" if healthy else "error", **state}, status=200 if healthy else 503)
