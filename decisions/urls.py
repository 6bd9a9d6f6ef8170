from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.index, name="index"),
    path("seance/<int:pk>/", views.session_decisions, name="session"),
    path("seance/<int:pk>/valider/", views.validate_session, name="validate_session"),
    path("seance/<int:pk>/compte-rendu.pdf", views.session_report, name="session_report"),
    path("point/<int:item_pk>/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/valider/", views.validate, name="validate"),
    path("<int:pk>/corriger/", views.correct, name="correct"),
    path("<int:pk>/fiche.pdf", views.fiche_pdf, name="fiche_pdf"),
    path("<int:pk>/pps/", views.care_plan_edit, name="care_plan_edit"),
    path("dossier/<int:case_pk>/", views.case_decisions, name="case"),
    path("dossier/<int:case_pk>/traitement/", views.treatment_start, name="treatment_start"),
    path("pps/<int:pk>/emettre/", views.care_plan_issue, name="care_plan_issue"),
    path("pps/<int:pk>/pps.pdf", views.care_plan_pdf, name="care_plan_pdf"),
]
