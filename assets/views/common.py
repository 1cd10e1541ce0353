"""What every assets page shares: the tab bar, who may write, and POST-only actions."""

from abc import ABC, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from assets.services.access import can_keep_register, is_member
from houqin.core.permissions import RoleRequiredMixin
from houqin.org.choices import Role

SCHOOL = (Role.PRINCIPAL, Role.SCHOOL_STAFF)
ALL = ()


class TabsMixin:
    """Shows the assets tab bar above the page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subnav_template"] = "assets/_tabs.html"
        user = self.request.user
        context["keeper"] = can_keep_register(user, user.school_id) if user.school_id else False
        return context


class KeeperMixin:
    """Writing the register: the principal and the asset manager of the own school; others 403."""

    allowed_roles = SCHOOL

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can_keep_register(user, user.school_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberMixin:
    """Pages for anyone of a school (repairs, requests); bureau and township roles get 403."""

    allowed_roles = SCHOOL

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_member(user, user.school_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ActionView(RoleRequiredMixin, View, ABC):
    """A POST-only action on one scoped object: one service call, a message, back to the object.
    A ValidationError from the service becomes an error message, never a 500."""

    model = None
    form_class = None
    success_message = ""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        get_object_or_404(self.get_queryset(), pk=kwargs["pk"])  # 404 out of scope, else 405
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        form = self.form_class(request.POST, request.FILES) if self.form_class else None
        try:
            if form is not None and not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            self.act(obj, form.cleaned_data if form is not None else {})
            if self.success_message:
                messages.success(request, self.success_message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.get_success_url(obj))

    @abstractmethod
    def act(self, obj, data):
        """Call the one service of this action with the fetched object and the form's data."""

    def get_success_url(self, obj):
        return obj.get_absolute_url()
