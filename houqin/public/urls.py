from django.urls import path

from houqin.public import views
from inspections.urlconf import public_complaints, public_honours

app_name = "public"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("schools/<str:code>/", views.school_page, name="school"),
    path("schools/<str:code>/notices/<int:term_id>/<int:version>/", views.notice_version, name="notice_version"),
    path("schools/<str:code>/notices/<int:term_id>/<int:version>/board-<str:size>.pdf", views.notice_board,
         name="notice_board"),
    path("schools/<str:code>/menu/", views.school_menu, name="menu"),
    path("schools/<str:code>/accounts/", views.school_accounts, name="accounts"),
    path("verify/", views.verify, name="verify"),
    path("consent/", views.consent, name="consent"),
    path("settlement/", views.settlement_lookup, name="settlement"),
    path("language/<str:language>/", views.language, name="language"),
    *public_complaints.urlpatterns,  # complaints/new/, complaints/<tracking code>/
    *public_honours.urlpatterns,  # honours/
]
