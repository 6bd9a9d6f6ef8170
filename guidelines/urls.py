from django.urls import path

from guidelines import views

app_name = "guidelines"
urlpatterns = [
    path("referentiel/", views.referentiel, name="referentiel"),
    path("api/guidelines/evaluate", views.evaluate_api, name="evaluate_api"),
]
