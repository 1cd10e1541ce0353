"""Who sees a school's bus records: the school's principal and its bus manager, the township and the
bureau through the usual row scope; other school staff see none."""

from houqin.core.scoping import ScopedQuerySet
from houqin.org.choices import Duty, Role


class BusScopedQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        queryset = super().visible_to(user)
        if user.is_authenticated and user.role == Role.SCHOOL_STAFF and Duty.BUS_MANAGER not in (user.duties or ()):
            return queryset.none()
        return queryset


