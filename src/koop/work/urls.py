from django.urls import path

from koop.work.views import agreements, calendar, customers, work_orders

app_name = "work"
urlpatterns = [
    path("customers/", customers.customer_list_view, name="customer-list"),
    path("customers/new/", customers.customer_create_view, name="customer-create"),
    path("customers/<int:customer_id>/", customers.customer_detail_view, name="customer-detail"),
    path("customers/<int:customer_id>/edit/", customers.customer_edit_view, name="customer-edit"),
    path("agreements/", agreements.agreement_list_view, name="agreement-list"),
    path("agreements/ending/", agreements.agreements_ending_view, name="agreements-ending"),
    path("agreements/new/", agreements.agreement_create_view, name="agreement-create"),
    path(
        "agreements/<int:agreement_id>/", agreements.agreement_detail_view, name="agreement-detail"
    ),
    path(
        "agreements/<int:agreement_id>/transitions/",
        agreements.agreement_transition_view,
        name="agreement-transition",
    ),
    path(
        "agreements/<int:agreement_id>/items/new/",
        agreements.price_item_create_view,
        name="price-item-create",
    ),
    path("work-orders/", work_orders.work_order_list_view, name="work-order-list"),
    path(
        "units/<int:unit_id>/work-orders/new/",
        work_orders.work_order_create_view,
        name="work-order-create",
    ),
    path(
        "work-orders/<int:work_order_id>/",
        work_orders.work_order_detail_view,
        name="work-order-detail",
    ),
    path(
        "work-orders/<int:work_order_id>/edit/",
        work_orders.work_order_edit_view,
        name="work-order-edit",
    ),
    path(
        "work-orders/<int:work_order_id>/transitions/",
        work_orders.work_order_transition_view,
        name="work-order-transition",
    ),
    path(
        "work-orders/<int:work_order_id>/time/",
        work_orders.time_row_create_view,
        name="time-row-create",
    ),
    path(
        "work-orders/<int:work_order_id>/material/",
        work_orders.material_row_create_view,
        name="material-row-create",
    ),
    path("units/<int:unit_id>/calendar/", calendar.unit_calendar_view, name="unit-calendar"),
    path(
        "units/<int:unit_id>/calendar.ics", calendar.unit_calendar_feed, name="unit-calendar-feed"
    ),
]
