from django.conf import settings

from houqin.core.navigation import nav_for


# Section menus shown under the navigation bar to school users, by URL namespace.
# namespace -> (tab bar template, shown to school users only)
SUBNAVS = {"canteens": ("canteens/_tabs.html", True), "inspections": ("inspections/_tabs.html", False),
           "schoolbus": ("schoolbus/_tabs.html", False), "assets": ("assets/_tabs.html", False)}


def portal(request):
    """Site name, the navigation for the user's role and the unread notification count."""
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from houqin.notify.selectors import unread_count

        context["nav_items"] = nav_for(user, request.path)
        # context processors run again for templates rendered inside the page (tables): count once
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = unread_count(user=user)
        context["unread_notifications"] = request._unread_notifications
        match = getattr(request, "resolver_match", None)
        if match and match.namespace in SUBNAVS:
            template, school_only = SUBNAVS[match.namespace]
            if user.school_id or not school_only:
                context["subnav_template"] = template
    return context
