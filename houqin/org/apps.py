from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """The organisation tree (county, township, school) and the portal's accounts."""

    name = "houqin.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        from houqin.core.uploads import register_protected_file
        from houqin.org.models import School

        register_protected_file(School, "licence_scan")
        # a sign-in is not a change of the account: record last_login without a history entry
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="houqin_record_last_login")


def record_last_login(sender, user, **kwargs):
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
