from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koop.accounts import views as accounts_views
from koop.api.urls import api

urlpatterns = [
    path("login/", accounts_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("koop.core.urls")),
    path("", include("koop.accounts.urls")),
    path("", include("koop.organisation.urls")),
    path("", include("koop.people.urls")),
    path("", include("koop.governance.urls")),
    path("", include("koop.participants.urls")),
    path("", include("koop.work.urls")),
    path("", include("koop.portal.urls")),
    path("", include("koop.billing.urls")),
    path("", include("koop.ledger.urls")),
]

# Django's own 404 and 403 views render 404.html and 403.html (portal's templates) with the
# layout and the menu; the 500 page is drawn without the database.
handler500 = "koop.portal.errors.server_error"
