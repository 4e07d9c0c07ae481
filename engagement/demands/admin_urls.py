from django.urls import path

from .views import triage, workspace

app_name = "demands_admin"
urlpatterns = [
    path("triage/", triage.TriageInboxView.as_view(), name="triage"),
    path("triage/<int:pk>/", triage.TriageDetailView.as_view(), name="triage_detail"),
    path("triage/<int:pk>/<slug:action>/", triage.TriageDetailView.as_view(), name="triage_action"),
    path("new/", triage.StaffEntryView.as_view(), name="new"),
    path("from-comment/<int:comment_id>/", triage.StaffEntryView.as_view(), name="from_comment"),
    path("workspace/", workspace.WorkspaceInboxView.as_view(), name="workspace"),
    path("workspace/<int:pk>/", workspace.WorkspaceDetailView.as_view(), name="workspace_detail"),
    path("workspace/<int:pk>/<slug:action>/", workspace.WorkspaceDetailView.as_view(), name="workspace_action"),
    path("extensions/", workspace.ExtensionsView.as_view(), name="extensions"),
    path("extensions/<int:pk>/", workspace.ExtensionsView.as_view(), name="decide_extension"),
    path("export/", workspace.ExportView.as_view(), name="export"),
]
