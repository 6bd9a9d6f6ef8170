app_name = "board_sessions"
urlpatterns: list = []
