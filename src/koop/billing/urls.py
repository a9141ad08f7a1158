from django.urls import path

from koop.billing import views

app_name = "billing"
urlpatterns = [
    path("units/<int:unit_id>/invoices/", views.invoice_list_view, name="invoice-list"),
    path("units/<int:unit_id>/invoices/overdue/", views.overdue_list_view, name="overdue-list"),
    path("units/<int:unit_id>/invoices/new/", views.draft_create_view, name="draft-create"),
    path("invoices/drafts/<int:draft_id>/", views.draft_detail_view, name="draft-detail"),
    path("invoices/drafts/<int:draft_id>/edit/", views.draft_edit_view, name="draft-edit"),
    path("invoices/drafts/<int:draft_id>/lines/", views.draft_line_add_view, name="draft-line-add"),
    path(
        "invoices/drafts/<int:draft_id>/lines/<int:line_id>/remove/",
        views.draft_line_remove_view,
        name="draft-line-remove",
    ),
    path("invoices/drafts/<int:draft_id>/issue/", views.draft_issue_view, name="draft-issue"),
    path("invoices/drafts/<int:draft_id>/delete/", views.draft_delete_view, name="draft-delete"),
    path("invoices/<int:invoice_id>/", views.invoice_detail_view, name="invoice-detail"),
    path("invoices/<int:invoice_id>/pdf/", views.invoice_pdf_view, name="invoice-pdf"),
    path("invoices/<int:invoice_id>/ubl/", views.invoice_ubl_view, name="invoice-ubl"),
    path(
        "invoices/<int:invoice_id>/credit/",
        views.credit_note_create_view,
        name="credit-note-create",
    ),
    path(
        "invoices/<int:invoice_id>/payments/new/", views.payment_create_view, name="payment-create"
    ),
    path("invoices/settings/", views.invoice_settings_view, name="settings"),
]
