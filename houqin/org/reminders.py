"""What the organisation app reports as due: a school profile the principal has left incomplete."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.notify.models import Level
from houqin.notify.registry import Due, month_period, reminder_rule
from houqin.org.choices import Role
from houqin.org.models import User

INCOMPLETE_PROFILE = Q(school__phone="") | Q(school__principal_name="") | Q(school__student_count=0)


def profile_gaps(school) -> list[str]:
    """The profile fields of a school that are still empty, by their labels."""
    gaps = []
    if not school.phone:
        gaps.append(str(school._meta.get_field("phone").verbose_name))
    if not school.principal_name:
        gaps.append(str(school._meta.get_field("principal_name").verbose_name))
    if not school.student_count:
        gaps.append(str(school._meta.get_field("student_count").verbose_name))
    return gaps


@reminder_rule("org.school_profile_incomplete", gettext_lazy("School profile incomplete"))
def school_profile_incomplete(*, today):
    principals = (
        User.objects.filter(role=Role.PRINCIPAL, is_active=True, school__is_active=True)
        .filter(INCOMPLETE_PROFILE)
        .select_related("school")
    )
    for principal in principals.iterator(chunk_size=2000):
        gaps = "、".join(profile_gaps(principal.school))
        yield Due(
            recipient_id=principal.pk,
            period=month_period(today),
            title=_("Complete the profile of %(school)s") % {"school": principal.school.name},
            body=_("These fields are still empty: %(gaps)s.") % {"gaps": gaps},
            url=reverse("org:school_update", args=[principal.school_id]),
            level=Level.WARNING,
        )
