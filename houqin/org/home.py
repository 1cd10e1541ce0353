"""The home page: an overview of the scope for the bureau and township supervisors, and the
school's own page (what to do, who keeps which ledger) for principals and staff."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.dashboard import rendered_panels
from houqin.notify.selectors import notification_list
from houqin.org import selectors
from houqin.org.choices import Duty, Role, SchoolType
from houqin.org.overview import dashboard_figures, school_week
from houqin.org.reminders import profile_gaps

# Which duty a school needs filled, given its services.
NEEDED_DUTIES = (
    (Duty.CANTEEN_MANAGER, "has_canteen"),
    (Duty.FOOD_SAFETY_OFFICER, "has_canteen"),
    (Duty.BUS_MANAGER, "has_bus_service"),
    (Duty.ASSET_MANAGER, None),
    (Duty.FINANCE, None),
)


@login_required
def home(request):
    user = request.user
    if user.is_school_user and user.school_id:
        return school_home(request)
    return overview_home(request)


def overview_home(request):
    user = request.user
    schools_url = reverse("org:school_list")
    type_labels = dict(SchoolType.choices)
    by_type = [
        {**row, "label": str(type_labels.get(row["school_type"], row["school_type"])),
         "url": f"{schools_url}?school_type={row['school_type']}"}
        for row in selectors.schools_by_type(user=user)
    ]
    by_township = [
        {**row, "url": f"{schools_url}?township={row['township_id']}"} for row in selectors.schools_by_township(user=user)
    ]
    context = {
        "title": _("Overview"),
        "totals": selectors.scope_overview(user=user),
        "by_type": by_type,
        "by_township": by_township,
        "chart_by_type": {"labels": [r["label"] for r in by_type], "values": [r["count"] for r in by_type],
                          "urls": [r["url"] for r in by_type], "name": _("Schools")},
        "chart_by_township": {"labels": [r["township__name"] for r in by_township],
                              "values": [r["students"] or 0 for r in by_township],
                              "urls": [r["url"] for r in by_township], "name": _("Students")},
        "recent": notification_list(user=user)[:5],
        "schools_url": schools_url,
        "dashboard": dashboard_figures(user=user, today=timezone.localdate()),
        "panels": rendered_panels(user, timezone.localdate()),
    }
    return render(request, "home/overview.html", context)


def school_home(request):
    user = request.user
    school = user.school
    staff = list(selectors.school_staff(school=school))
    held = {duty for member in staff for duty in member.duties}
    todo = []
    gaps = profile_gaps(school) if user.role == Role.PRINCIPAL else []
    if gaps:
        todo.append({"text": _("Complete the school profile: %(gaps)s") % {"gaps": "、".join(gaps)},
                     "url": reverse("org:school_update", args=[school.pk]), "level": "warning"})
    for duty, needs in NEEDED_DUTIES if user.role == Role.PRINCIPAL else ():
        if duty not in held and (needs is None or getattr(school, needs)):
            todo.append({"text": _("Nobody holds the duty “%(duty)s”.") % {"duty": duty.label},
                         "url": reverse("org:user_list"), "level": "warning"})
    context = {
        "title": school.name,
        "school": school,
        "staff": staff,
        "todo": todo,
        "week": school_week(school=school, user=user, today=timezone.localdate()),
        "week_groups": (("overdue", _("Overdue")), ("week", _("This week")), ("month", _("This month")),
                        ("later", _("Coming up"))),
        "recent": notification_list(user=user)[:5],
    }
    return render(request, "home/school.html", context)
