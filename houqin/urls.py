from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from houqin.core.views import healthz
from houqin.org.home import home

# Accounts are opened and reset by the bureau and principals, so there is no self-service password
# reset by e-mail: only sign-in, sign-out and changing one's own password.
account_urls = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include(account_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("houqin.org.urls")),
    path("fees/", include("fees.urls")),
    path("canteens/", include("canteens.urls")),
    path("inspections/", include("inspections.urls")),
    path("schoolbus/", include("schoolbus.urls")),
    path("assets/", include("assets.urls")),
    path("plan/", include("houqin.workplan.urls")),
    path("public/", include("houqin.public.urls")),
    path("notifications/", include("houqin.notify.urls")),
    path("", include("houqin.core.urls")),
    path("django-admin/", admin.site.urls),
]
