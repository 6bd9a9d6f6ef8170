app_name = "boards"
urlpatterns: list = []
