from django.urls import path

from koop.billing.views import drafts, group, invoices, settings

app_name = "billing"
urlpatterns = [
    path("invoices/", group.group_invoice_list_view, name="group-invoice-list"),
    path("invoices/overdue/", group.group_overdue_list_view, name="group-overdue-list"),
    path("units/<int:unit_id>/invoices/", invoices.invoice_list_view, name="invoice-list"),
    path("units/<int:unit_id>/invoices/overdue/", invoices.overdue_list_view, name="overdue-list"),
    path("units/<int:unit_id>/invoices/new/", drafts.draft_create_view, name="draft-create"),
    path(
        "work-orders/<int:work_order_id>/invoice/",
        drafts.work_order_invoice_view,
        name="work-order-invoice",
    ),
    path("invoices/drafts/<int:draft_id>/", drafts.draft_detail_view, name="draft-detail"),
    path("invoices/drafts/<int:draft_id>/edit/", drafts.draft_edit_view, name="draft-edit"),
    path(
        "invoices/drafts/<int:draft_id>/lines/", drafts.draft_line_add_view, name="draft-line-add"
    ),
    path(
        "invoices/drafts/<int:draft_id>/lines/<int:line_id>/remove/",
        drafts.draft_line_remove_view,
        name="draft-line-remove",
    ),
    path("invoices/drafts/<int:draft_id>/issue/", drafts.draft_issue_view, name="draft-issue"),
    path("invoices/drafts/<int:draft_id>/delete/", drafts.draft_delete_view, name="draft-delete"),
    path("invoices/<int:invoice_id>/", invoices.invoice_detail_view, name="invoice-detail"),
    path("invoices/<int:invoice_id>/pdf/", invoices.invoice_pdf_view, name="invoice-pdf"),
    path("invoices/<int:invoice_id>/ubl/", invoices.invoice_ubl_view, name="invoice-ubl"),
    path(
        "invoices/<int:invoice_id>/credit/",
        invoices.credit_note_create_view,
        name="credit-note-create",
    ),
    path(
        "invoices/<int:invoice_id>/payments/new/",
        invoices.payment_create_view,
        name="payment-create",
    ),
    path("invoices/settings/", settings.invoice_settings_view, name="settings"),
]
