from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("dossier/<int:case_pk>/adresser/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/inscrire/", views.register, name="register"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/pieces/<int:attachment_pk>/", views.attachment, name="attachment"),
]
