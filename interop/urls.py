from django.urls import path

from interop import views

app_name = "interop"
urlpatterns = [
    path("dossier/<int:pk>/fhir.json", views.case_fhir, name="case_fhir"),
]
