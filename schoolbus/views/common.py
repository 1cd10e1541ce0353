"""What every school-bus page shares: who may write, and the roles that read."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from houqin.core.views import ServiceFormView
from houqin.org.choices import Role
from schoolbus.services.access import can_keep_buses

SCHOOL = (Role.PRINCIPAL, Role.SCHOOL_STAFF)
BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)
SUPERVISORS = BUREAU + (Role.TOWNSHIP_SUPERVISOR,)


class BusKeeperMixin:
    """Writing pages: the principal and the bus manager of the own school."""

    allowed_roles = SCHOOL

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can_keep_buses(user, user.school_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BusFormView(BusKeeperMixin, ServiceFormView):
    """Create (no pk) or edit (pk, fetched through the scope: 404 outside it) a bus record."""

    model = None
    service = None
    service_arg = ""
    list_url_name = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return type(self).service(**{self.service_arg: form.instance, "acting_user": self.request.user})

    def get_cancel_url(self):
        from django.urls import reverse

        return reverse(self.list_url_name)
