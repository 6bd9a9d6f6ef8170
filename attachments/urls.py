from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("dossier/<int:case_pk>/ajouter/", views.upload, name="upload"),
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/supprimer/", views.remove, name="remove"),
    path("dossier/<int:case_pk>/tenpath/", views.review_request, name="review_request"),
    path("dossier/<int:case_pk>/tenpath/<int:pk>/", views.review_result, name="review_result"),
]
