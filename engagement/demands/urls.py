from django.urls import path, re_path

from .views import handled, opendata, public, similar, supervision

app_name = "demands"
urlpatterns = [
    path("demands/", public.demand_list, name="list"),
    path("demands/new/", public.new_demand, name="new"),
    path("demands/find/", public.find_demand, name="find"),
    path("demands/mine/", public.my_demands, name="mine"),
    path("demands/supervision/", supervision.supervision_list, name="supervision"),
    path("demands/supervision/<str:month>/", supervision.supervision_list, name="supervision_month"),
    path("demands/handled/", handled.handled_demands, name="handled"),
    path("demands/<str:tracking_number>/", public.demand_detail, name="detail"),
    path("demands/<str:tracking_number>/photos/<int:pk>/", public.demand_photo, name="photo"),
    path("demands/<str:tracking_number>/answers/<int:pk>/attachment/", public.answer_attachment, name="attachment"),
    path("demands/<str:tracking_number>/rate/", public.rate_demand, name="rate"),
    path("demands/<str:tracking_number>/rate-merged/", public.rate_merged_answer, name="rate_merged"),
    path("demands/<str:tracking_number>/support/", public.support_demand, name="support"),
    path("demands/<str:tracking_number>/answer/", handled.answer_handed, name="answer_handed"),
    path("demands/<str:tracking_number>/cosign/", public.cosign_demand, name="cosign"),
    path("departments/", public.department_league, name="league"),
    re_path(r"^transparency/(?P<dataset>demands|private)\.(?P<fmt>[a-z]+)$", opendata.open_data, name="open_data"),
    path("search/similar-demands/", similar.similar_demands, name="similar"),  # the public path it always had
]
