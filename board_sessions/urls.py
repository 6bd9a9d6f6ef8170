from django.urls import path

from board_sessions import views

app_name = "board_sessions"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("nouvelle/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/modifier/", views.session_edit, name="edit"),
    path("<int:pk>/inscrire/", views.register_case, name="register_case"),
    path("<int:pk>/ordre/", views.reorder, name="reorder"),
    path("<int:pk>/ordre/<int:item_pk>/retirer/", views.unregister_case, name="unregister_case"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "<int:pk>/participants/<int:participant_pk>/retirer/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/verrouiller/", views.lock, name="lock"),
    path(
        "<int:pk>/demandes/<int:request_pk>/accepter/",
        views.request_accept,
        name="request_accept",
    ),
    path(
        "<int:pk>/demandes/<int:request_pk>/refuser/",
        views.request_decline,
        name="request_decline",
    ),
    path("<int:pk>/invitation.ics", views.session_ics, name="ics"),
    path("mes-seances/", views.clinician_list, name="clinician_list"),
    path("<int:pk>/demander/", views.request_registration, name="request_registration"),
]
