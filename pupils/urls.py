app_name = "pupils"

urlpatterns: list = []
