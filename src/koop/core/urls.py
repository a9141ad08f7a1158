from django.urls import path

from koop.core import views

app_name = "core"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/<str:object_type>/<str:object_id>/", views.audit_object, name="audit-object"),
]
