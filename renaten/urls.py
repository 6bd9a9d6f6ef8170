from django.contrib import admin
from django.urls import include, path

from renaten.home import home

admin.site.site_header = "RENATEN RCP — administration"
admin.site.site_title = "RENATEN RCP"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("guidelines.urls")),
    path("cas/", include("cases.urls")),
    path("contacts/", include("boards.urls")),
    path("seances/", include("board_sessions.urls")),
    path("exports/", include("dossiers.urls")),
    path("journal/", include("audit.urls")),
    path("pieces/", include("attachments.urls")),
    path("recours-national/", include("referrals.urls")),
    path("surveillance/", include("surveillance.urls")),
    path("indicateurs/", include("indicators.urls")),
    path("decisions/", include("decisions.urls")),
    path("echanges/", include("interop.urls")),
]
