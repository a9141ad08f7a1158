from django.urls import path

from koop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/verify/", views.verify, name="verify"),
    path("account/", views.security, name="security"),
    path("account/two-factor/", views.setup, name="setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/two-factor/off/", views.two_factor_off, name="two-factor-off"),
    path("account/password/", views.password, name="password"),
]
