from django.urls import path

from .views import public

app_name = "demands"
urlpatterns = [
    path("demands/", public.demand_list, name="list"),
    path("demands/<str:tracking_number>/", public.demand_detail, name="detail"),
]
