from django.urls import path

from . import feeds, views

app_name = "consultations"
urlpatterns = [
    path("consultations/", views.consultation_list, name="index"),
    path("consultations/<int:page_id>/opinions/", views.give_opinion, name="opinion"),
    path("consultations/<int:page_id>/sections/<int:section_id>/stance/", views.take_stance, name="stance"),
    path("statements/<int:page_id>/", views.publish_statement, name="statement"),
    path("consultations/feed/rss/", feeds.ConsultationFeed(), name="feed_rss"),
    path("consultations/feed/atom/", feeds.ConsultationAtomFeed(), name="feed_atom"),
]
