from django.urls import path

from koop.ledger import fortnox_views, sie_views, views

app_name = "ledger"

urlpatterns = [
    path("ledger/", views.home_view, name="home"),
    path("ledger/vouchers/", views.voucher_list_view, name="voucher-list"),
    path("ledger/vouchers/<int:voucher_id>/", views.voucher_detail_view, name="voucher-detail"),
    path(
        "ledger/vouchers/<int:voucher_id>/reverse/",
        views.voucher_reverse_view,
        name="voucher-reverse",
    ),
    path("ledger/reports/", views.report_units_view, name="report-units"),
    path("ledger/reports/units/<int:unit_id>/", views.report_unit_view, name="report-unit"),
    path(
        "ledger/reports/units/<int:unit_id>/accounts/<int:account>/",
        views.report_drilldown_view,
        name="report-drilldown",
    ),
    path("ledger/sie/import/", sie_views.sie_import_view, name="sie-import"),
    path("ledger/sie/jobs/<int:job_id>/", sie_views.sie_job_view, name="sie-job"),
    path("ledger/sie/export/", sie_views.sie_export_view, name="sie-export"),
    path("ledger/cost-centres/", views.object_mapping_view, name="object-mapping"),
    path("ledger/levy/", views.levy_view, name="levy"),
    path("ledger/budget/", views.budget_import_view, name="budget-import"),
    path("ledger/funds/", views.funds_view, name="funds"),
    path("ledger/fortnox/", fortnox_views.fortnox_view, name="fortnox"),
    path("ledger/fortnox/connect/", fortnox_views.fortnox_connect_view, name="fortnox-connect"),
    path("ledger/fortnox/callback/", fortnox_views.fortnox_callback_view, name="fortnox-callback"),
]
