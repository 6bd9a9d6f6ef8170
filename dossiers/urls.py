from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("dossier/<int:case_pk>/", views.export_case, name="export_case"),
    path("seance/<int:session_pk>/", views.export_session, name="export_session"),
    path("<int:pk>/", views.job_status, name="job"),
    path("<int:pk>/telecharger/", views.download, name="download"),
]
