from django.urls import path

from houqin.core import views

app_name = "core"

urlpatterns = [
    path(
        "files/<str:app_label>/<str:model_name>/<int:pk>/<str:field_name>/",
        views.ProtectedFileView.as_view(),
        name="protected_file",
    ),
]
