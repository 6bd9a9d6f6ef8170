from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("nouveau/", views.case_create, name="create"),
    path("nouveau/panneau/", views.create_panel, name="create_panel"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/modifier/", views.case_edit, name="edit"),
    path("<int:pk>/panneau/", views.case_panel, name="panel"),
    path("<int:pk>/pret/", views.mark_ready, name="mark_ready"),
    path("<int:pk>/brouillon/", views.mark_draft, name="mark_draft"),
    path("<int:pk>/lignes/ajouter/", views.line_add, name="line_add"),
    path("<int:pk>/lignes/<int:line_pk>/retirer/", views.line_remove, name="line_remove"),
    path("<int:pk>/sites/ajouter/", views.site_add, name="site_add"),
    path("<int:pk>/sites/<int:site_pk>/retirer/", views.site_remove, name="site_remove"),
    path("<int:pk>/historique/", views.case_history_page, name="history"),
    path("<int:pk>/evaluation.json", views.case_evaluation_json, name="evaluation_json"),
    path("<int:pk>/chronologie.svg", views.case_timeline_svg, name="timeline_svg"),
]
