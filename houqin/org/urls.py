from django.urls import path

from houqin.org import views

app_name = "org"

urlpatterns = [
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
    path("schools/new/", views.SchoolCreateView.as_view(), name="school_create"),
    path("schools/import/", views.SchoolImportView.as_view(), name="school_import"),
    path("schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", views.SchoolUpdateView.as_view(), name="school_update"),
    path("townships/", views.TownshipListView.as_view(), name="township_list"),
    path("townships/new/", views.TownshipCreateView.as_view(), name="township_create"),
    path("townships/<int:pk>/", views.TownshipDetailView.as_view(), name="township_detail"),
    path("townships/<int:pk>/edit/", views.TownshipUpdateView.as_view(), name="township_update"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/import/", views.UserImportView.as_view(), name="user_import"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_update"),
    path("users/<int:pk>/password/", views.UserPasswordResetView.as_view(), name="user_password"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user_unlock"),
]
