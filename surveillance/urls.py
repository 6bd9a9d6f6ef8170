from django.urls import path

from surveillance import views

app_name = "surveillance"
urlpatterns = [
    path("", views.recall, name="recall"),
    path("rappels.csv", views.recall_csv, name="recall_csv"),
    path("dossier/<int:pk>/", views.case_surveillance, name="case"),
    path("dossier/<int:pk>/ouvrir/", views.start, name="start"),
    path("dossier/<int:pk>/recalculer/", views.refresh, name="refresh"),
    path("dossier/<int:pk>/choix/", views.choose, name="choose"),
    path("dossier/<int:pk>/examens/", views.exam_add, name="exam_add"),
    path("dossier/<int:pk>/statut/", views.status, name="status"),
    path(
        "dossier/<int:pk>/examens/<int:exam_pk>/nouveau-dossier/",
        views.recurrence_case,
        name="recurrence_case",
    ),
    path("dossier/<int:pk>/examens/<int:exam_pk>/compte-rendu.pdf", views.report, name="report"),
    path("dossier/<int:pk>/calendrier.ics", views.calendar_ics, name="ics"),
]
