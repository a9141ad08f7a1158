from django.urls import path

from koop.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create_view, name="person-create"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path("people/<int:person_id>/edit/", views.person_edit_view, name="person-edit"),
    path("people/<int:person_id>/self-report/", views.self_report_view, name="person-self-report"),
    path(
        "people/<int:person_id>/employments/new/",
        views.employment_add_view,
        name="employment-create",
    ),
    path(
        "people/<int:person_id>/memberships/new/",
        views.membership_add_view,
        name="membership-create",
    ),
]
