from django.urls import path

from . import feeds, views

app_name = "content"
urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),  # for clients that ask without reading <link rel="icon">
    path("departments/<slug:slug>/", views.department_detail, name="department"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    path("feeds/sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.TopicFeed(), name="topic_feed_rss"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic_feed_atom"),
]
