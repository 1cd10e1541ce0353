"""What every canteen page needs: which canteen and which day it is about."""

import datetime as dt

from django.http import Http404
from django.utils import timezone

from canteens.models import Canteen
from canteens.services.access import can_keep_canteen


def chosen_canteen(request) -> Canteen:
    """The canteen named by ?canteen= (within the user's scope, else 404), or the first canteen
    of the user's own school."""
    visible = Canteen.objects.visible_to(request.user).select_related("school__township__county")
    wanted = request.GET.get("canteen") or request.POST.get("canteen") or ""
    if wanted:
        if not (wanted.isascii() and wanted.isdecimal()):
            raise Http404
        canteen = visible.filter(pk=int(wanted)).first()
    else:
        canteen = visible.filter(school_id=request.user.school_id, is_active=True).order_by("pk").first()
    if canteen is None:
        raise Http404
    return canteen


def chosen_day(request) -> dt.date:
    """?date=YYYY-MM-DD, today by default, within three years back and a year ahead. A malformed or
    far date reads as today; posted to, it is refused (404) rather than quietly changed."""
    text = request.GET.get("date") or request.POST.get("date") or ""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(text) if text else today
    except ValueError:
        day = None
    if day is None or not (today - dt.timedelta(days=3 * 366) <= day <= today + dt.timedelta(days=366)):
        if request.method == "POST":
            raise Http404("bad date")
        return today
    return day


def keeper(request, canteen, **kwargs) -> bool:
    return can_keep_canteen(request.user, canteen.school_id, **kwargs)
