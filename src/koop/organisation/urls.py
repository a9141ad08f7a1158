from django.urls import path

from koop.organisation import views

app_name = "organisation"
urlpatterns = [
    path("organisation/", views.cooperative_detail, name="cooperative"),
]
