from django.conf import settings

from houqin.core.navigation import nav_for


def portal(request):
    """Site name, the navigation for the user's role and the unread notification count."""
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from houqin.notify.selectors import unread_count

        context["nav_items"] = nav_for(user, request.path)
        context["unread_notifications"] = unread_count(user=user)
    return context
