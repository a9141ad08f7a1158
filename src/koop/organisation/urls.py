from django.urls import path

from koop.organisation import views

app_name = "organisation"
urlpatterns = [
    path("organisation/", views.cooperative_detail, name="cooperative"),
    path("organisation/units/new/", views.unit_create_view, name="unit-create"),
    path("organisation/units/<int:unit_id>/edit/", views.unit_edit_view, name="unit-edit"),
]
