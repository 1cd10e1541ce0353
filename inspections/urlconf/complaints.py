"""URL patterns of the complaints pages (composed in inspections/urls.py)."""

from django.urls import path

from inspections.views import complaints

urlpatterns = [
    path("complaints/", complaints.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/<int:pk>/", complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/assign/", complaints.ComplaintAssignView.as_view(), name="complaint_assign"),
    path("complaints/<int:pk>/answer/", complaints.ComplaintAnswerView.as_view(), name="complaint_answer"),
    path("complaints/<int:pk>/send-back/", complaints.ComplaintSendBackView.as_view(), name="complaint_send_back"),
    path("complaints/<int:pk>/close/", complaints.ComplaintCloseView.as_view(), name="complaint_close"),
]
