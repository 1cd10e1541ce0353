"""Weekly menus with dish prices, and monthly accounts: kept by the school, published to parents."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from canteens import selectors, services
from canteens.filters import AccountFilter, MenuFilter
from canteens.forms import AccountForm, DishForm, MenuForm
from canteens.models import MenuDish, MonthlyAccount, WeeklyMenu
from canteens.rules import is_profit_making
from canteens.services.access import can_keep_canteen
from canteens.tables import AccountTable, MenuTable
from canteens.views.register import SCHOOL, CanteenKeeperMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView, add_service_errors


class MenuListView(ScopedListView):
    selector = selectors.menu_list
    filterset_class = MenuFilter
    table_class = MenuTable
    title = _("Weekly menus")
    export_name = "menus"
    create_url_name = "canteens:menu_create"
    can_create_roles = SCHOOL


class MenuCreateView(CanteenKeeperMixin, ServiceFormView):
    form_class = MenuForm
    title = _("New weekly menu")
    cancel_url_name = "canteens:menu_list"

    def get_initial(self):
        return {"week_start": services.monday_of(timezone.localdate())}

    def perform(self, form):
        return services.menu_create(menu=form.instance, acting_user=self.request.user)


class MenuDetailView(RoleRequiredMixin, View):
    """The week's dishes by day and meal, a form to add one, publish and copy-last-week buttons."""

    def get_menu(self, request, pk):
        return get_object_or_404(WeeklyMenu.objects.visible_to(request.user).select_related("canteen__school"), pk=pk)

    def get(self, request, pk):
        menu = self.get_menu(request, pk)
        today = timezone.localdate()
        in_week = menu.week_start <= today <= menu.week_start + dt.timedelta(days=6)
        return self.render(request, menu, DishForm(initial={"date": today if in_week else menu.week_start}))

    def post(self, request, pk):
        menu = self.get_menu(request, pk)
        if not can_keep_canteen(request.user, menu.canteen.school_id):
            raise PermissionDenied
        try:
            if "publish" in request.POST:
                services.menu_publish(menu=menu, acting_user=request.user)
                messages.success(request, _("The menu is published to parents."))
            elif "copy" in request.POST:
                count = services.menu_copy_previous(menu=menu, acting_user=request.user)
                messages.success(request, _("%(count)s dishes copied from the week before.") % {"count": count})
            elif "delete" in request.POST:
                dish = get_object_or_404(MenuDish, pk=request.POST.get("delete") if
                                         str(request.POST.get("delete", "")).isdecimal() else 0, menu=menu)
                services.dish_delete(dish=dish, acting_user=request.user)
            else:
                form = DishForm(request.POST, instance=MenuDish(menu=menu))
                if not form.is_valid():
                    return self.render(request, menu, form, status=422)
                try:
                    services.dish_save(dish=form.instance, acting_user=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                    return self.render(request, menu, form, status=422)
                messages.success(request, _("The dish is on the menu."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(menu)

    def render(self, request, menu, form, status=200):
        days = {}
        for dish in menu.dishes.order_by("date", "meal", "position", "pk"):
            days.setdefault(dish.date, []).append(dish)
        return render(request, "canteens/menu_detail.html", {
            "title": _("Weekly menu"), "menu": menu, "days": sorted(days.items()), "form": form,
            "keeper": can_keep_canteen(request.user, menu.canteen.school_id), "history": history_entries(menu),
        }, status=status)


class AccountListView(ScopedListView):
    selector = selectors.account_list
    filterset_class = AccountFilter
    table_class = AccountTable
    title = _("Monthly canteen accounts")
    export_name = "canteen-accounts"
    create_url_name = "canteens:account_create"
    can_create_roles = SCHOOL


class AccountCreateView(CanteenKeeperMixin, ServiceFormView):
    form_class = AccountForm
    template_name = "canteens/account_form.html"
    for_accounts = True
    title = _("Monthly account")
    cancel_url_name = "canteens:account_list"

    def get_initial(self):
        today = timezone.localdate()
        return {"month": (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)}

    def perform(self, form):
        return services.account_save(account=form.instance, acting_user=self.request.user)


class AccountView(RoleRequiredMixin, View):
    """A month's account: figures and the profit flag for everyone in scope; the form and the
    publish button for the school's canteen keepers (finance included) and its principal."""

    def get_account(self, request, pk):
        return get_object_or_404(MonthlyAccount.objects.visible_to(request.user).select_related(
            "canteen__school__township"), pk=pk)

    def get(self, request, pk):
        account = self.get_account(request, pk)
        return self.render(request, account, AccountForm(instance=account, user=request.user))

    def post(self, request, pk):
        account = self.get_account(request, pk)
        if not can_keep_canteen(request.user, account.canteen.school_id, accounts=True):
            raise PermissionDenied
        if "publish" in request.POST:
            try:
                services.account_publish(account=account, acting_user=request.user)
                messages.success(request, _("The account is published to parents."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(account.get_absolute_url())
        form = AccountForm(request.POST, instance=account, user=request.user)
        if form.is_valid():
            try:
                services.account_save(account=form.instance, acting_user=request.user)
                messages.success(request, _("Saved."))
                return redirect(account.get_absolute_url())
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render(request, self.get_account(request, pk), form, status=422)

    def render(self, request, account, form, status=200):
        threshold = selectors.surplus_threshold(account.canteen.school.township.county_id)
        keeper = can_keep_canteen(request.user, account.canteen.school_id, accounts=True)
        return render(request, "canteens/account_form.html", {
            "title": _("Monthly account"), "account": account, "form": form if keeper else None,
            "threshold": threshold, "history": history_entries(account),
            "profit": is_profit_making(account.income, account.balance, threshold),
            "can_publish": request.user.role == "principal" and keeper and not account.published_at,
            "cancel_url": reverse("canteens:account_list"),
        }, status=status)
