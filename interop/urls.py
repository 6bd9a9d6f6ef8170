from django.urls import path

from interop import views

app_name = "interop"
urlpatterns = [
    path("dossier/<int:pk>/fhir.json", views.case_fhir, name="case_fhir"),
    path("decision/<int:pk>/fiche-rcp.xml", views.decision_frcp, name="decision_frcp"),
    path("decision/<int:pk>/fhir.json", views.decision_fhir, name="decision_fhir"),
    path("pps/<int:pk>/pps.xml", views.care_plan_pps, name="care_plan_pps"),
]
