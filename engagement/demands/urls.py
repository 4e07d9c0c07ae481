app_name = "demands"
urlpatterns = []
