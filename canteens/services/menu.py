"""Weekly menus and dish prices, published to parents."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.models import MenuDish, WeeklyMenu
from canteens.services.access import ensure_canteen_keeper
from houqin.core.history import save_with_history
from houqin.public.services import public_pages_changed

__all__ = ["dish_delete", "dish_save", "menu_copy_previous", "menu_create", "menu_publish", "monday_of"]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def menu_create(*, menu: WeeklyMenu, acting_user) -> WeeklyMenu:
    ensure_canteen_keeper(acting_user, menu.canteen.school_id)
    if menu.week_start and menu.week_start.weekday() != 0:
        raise ValidationError({"week_start": _("A weekly menu starts on a Monday.")})
    today = timezone.localdate()
    if menu.week_start and not (today - dt.timedelta(days=366) <= menu.week_start <= today + dt.timedelta(days=366)):
        raise ValidationError({"week_start": _("A menu is kept for a week within a year from today.")})
    return save_with_history(menu, acting_user=acting_user)


@transaction.atomic
def dish_save(*, dish: MenuDish, acting_user) -> MenuDish:
    """Add or change a dish; the day must fall in the menu's week. A published menu stays
    editable (a dish runs out), and every change is in its history."""
    menu = WeeklyMenu.objects.select_related("canteen").get(pk=dish.menu_id)
    ensure_canteen_keeper(acting_user, menu.canteen.school_id)
    if dish.date and not (menu.week_start <= dish.date <= menu.week_start + dt.timedelta(days=6)):
        raise ValidationError({"date": _("The day must fall in the week of %(week)s.")
                               % {"week": menu.week_start.isoformat()}})
    _ensure_not_past(dish.date)
    if dish.pk:
        _ensure_not_past(MenuDish.objects.get(pk=dish.pk).date)
    _forget_public(menu)
    return save_with_history(dish, acting_user=acting_user)


def _ensure_not_past(day) -> None:
    """The menu of a day that has passed is what the samples are checked against: it stays."""
    if day and day < timezone.localdate():
        raise ValidationError({"date": _("The menu of a past day cannot be changed.")})


@transaction.atomic
def dish_delete(*, dish: MenuDish, acting_user) -> None:
    ensure_canteen_keeper(acting_user, dish.menu.canteen.school_id)
    _ensure_not_past(dish.date)
    _forget_public(dish.menu)
    dish._history_user = acting_user
    dish.delete()


@transaction.atomic
def menu_publish(*, menu: WeeklyMenu, acting_user) -> WeeklyMenu:
    menu = WeeklyMenu.objects.select_for_update().select_related("canteen").get(pk=menu.pk)
    ensure_canteen_keeper(acting_user, menu.canteen.school_id)
    if not menu.dishes.exists():
        raise ValidationError(_("A menu without dishes cannot be published."))
    if menu.published_at is None:
        menu.published_at, menu.published_by = timezone.now(), acting_user
    menu = save_with_history(menu, acting_user=acting_user, reason=_("Published to parents"))
    _forget_public(menu)
    return menu


@transaction.atomic
def menu_copy_previous(*, menu: WeeklyMenu, acting_user) -> int:
    """Fill an empty menu with the dishes and prices of the week before, shifted by seven days."""
    ensure_canteen_keeper(acting_user, menu.canteen.school_id)
    if menu.dishes.exists():
        raise ValidationError(_("The menu has dishes already."))
    previous = WeeklyMenu.objects.filter(canteen=menu.canteen, week_start=menu.week_start - dt.timedelta(days=7)).first()
    if previous is None:
        raise ValidationError(_("There is no menu for the week before."))
    count = 0
    for dish in previous.dishes.filter(date__gte=timezone.localdate() - dt.timedelta(days=7)):
        save_with_history(MenuDish(menu=menu, date=dish.date + dt.timedelta(days=7), meal=dish.meal, name=dish.name,
                                   price=dish.price, position=dish.position), acting_user=acting_user)
        count += 1
    return count


def _forget_public(menu) -> None:
    """A published menu's dishes are what parents read: show the change on the public pages."""
    if menu.published_at:
        public_pages_changed(school_codes=[menu.canteen.school.code])
