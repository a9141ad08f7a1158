"""Pages for work orders: the list, one order (with the quick time form and state buttons),
making and editing an order, and the posts that change its state or add time and material."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koop.core.access import Principal, principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.formatting import format_hours
from koop.core.forms import add_service_errors
from koop.organisation.models import Unit
from koop.people.models import Person
from koop.work.access import (
    access_unit_work,
    access_work_order,
    can_register_time,
    can_write_unit_work,
    check_time_person,
    work_order_unit_choices,
)
from koop.work.forms import (
    MaterialRowForm,
    TimeRowForm,
    TransitionForm,
    WorkOrderCustomerForm,
    WorkOrderForm,
    add_remaining_problems,
)
from koop.work.invoicing import invoice_step
from koop.work.models import (
    TRANSITIONS,
    PriceItemKind,
    PriceListItem,
    WorkOrder,
    WorkOrderStatus,
)
from koop.work.selectors import (
    agreements_for_customer,
    unit_people,
    work_order_detail,
    work_order_list,
    work_order_totals,
)
from koop.work.services import (
    material_row_add,
    time_row_add,
    work_order_check,
    work_order_create,
    work_order_transition,
    work_order_update,
)

# The one-tap buttons on an order's page: the usual next step first.
BUTTON_ORDER = [
    WorkOrderStatus.PLANNED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.DONE,
    WorkOrderStatus.DRAFT,
    WorkOrderStatus.CANCELLED,
]
BUTTON_LABELS = {
    WorkOrderStatus.PLANNED: gettext_lazy("Plan"),
    WorkOrderStatus.IN_PROGRESS: gettext_lazy("Start"),
    WorkOrderStatus.DONE: gettext_lazy("Mark done"),
    WorkOrderStatus.DRAFT: gettext_lazy("Back to draft"),
    WorkOrderStatus.CANCELLED: gettext_lazy("Cancel order"),
}


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def work_order_list_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.is_authenticated)
    unit_id = _int_or_none(request.GET.get("unit"))
    status = request.GET.get("status", "")
    if status not in WorkOrderStatus.values:
        status = ""
    search = request.GET.get("q", "").strip()
    orders = work_order_list(principal=principal, unit_id=unit_id, status=status, search=search)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    units = work_order_unit_choices(principal)
    unit_ids = {pk for pk, _name in units}
    if unit_id in unit_ids:
        create_unit_id: int | None = unit_id
    else:
        create_unit_id = units[0][0] if len(units) == 1 else None
    return render(
        request,
        "work/work_order_list.html",
        {
            "page": page,
            # A central role chooses among every unit: the options are joined here, as the
            # template loop over hundreds of them cost more than the rest of the page.
            "unit_options": format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((pk, " selected" if pk == unit_id else "", name) for pk, name in units),
            ),
            "unit_count": len(units),
            "unit_value": str(unit_id) if unit_id is not None else "",
            "status": status,
            "statuses": WorkOrderStatus.choices,
            "search": search,
            "create_unit_id": create_unit_id,
        },
    )


def _services(order: WorkOrder, kind: str) -> QuerySet[PriceListItem]:
    if order.agreement_id is None:
        return PriceListItem.objects.none()
    return PriceListItem.objects.filter(agreement_id=order.agreement_id, kind=kind).order_by("name")


def _time_people(principal: Principal, order: WorkOrder) -> QuerySet[Person]:
    if can_write_unit_work(principal, order.unit_id):
        in_unit = unit_people(unit_id=order.unit_id, on=timezone.localdate()).values("pk")
        assigned = order.assigned.values("pk")
        return Person.objects.filter(Q(pk__in=in_unit) | Q(pk__in=assigned)).order_by(
            "last_name", "first_name"
        )
    return Person.objects.filter(pk=principal.person_id or 0)


def _time_form(
    request: HttpRequest, principal: Principal, order: WorkOrder, data: Any = None
) -> TimeRowForm:
    first_service = _services(order, PriceItemKind.SERVICE).first()
    return TimeRowForm(
        data,
        people=_time_people(principal, order),
        services=_services(order, PriceItemKind.SERVICE),
        initial={
            "person": principal.person_id,
            "date": timezone.localdate(),
            "service": first_service.pk if first_service else None,
            "vat_rate": "25.00",
        },
    )


def _material_form(order: WorkOrder, data: Any = None) -> MaterialRowForm:
    return MaterialRowForm(
        data, articles=_services(order, PriceItemKind.ARTICLE), initial={"vat_rate": "25.00"}
    )


def _detail(
    request: HttpRequest,
    order: WorkOrder,
    *,
    time_form: TimeRowForm | None = None,
    material_form: MaterialRowForm | None = None,
    status: int = 200,
) -> HttpResponse:
    principal = principal_of(request)
    full = work_order_detail(order.pk)
    assert full is not None
    can_write = can_write_unit_work(principal, full.unit_id)
    buttons = (
        [(s, BUTTON_LABELS[s]) for s in BUTTON_ORDER if s in TRANSITIONS[full.status]]
        if can_write
        else []
    )
    open_order = full.is_open
    return render(
        request,
        "work/work_order_detail.html",
        {
            "order": full,
            "totals": work_order_totals(full),
            "can_write": can_write,
            "buttons": buttons,
            "time_form": (time_form or _time_form(request, principal, full))
            if open_order and can_register_time(principal, full)
            else None,
            "material_form": (material_form or _material_form(full))
            if open_order and can_write
            else None,
            "invoice_step": invoice_step(principal, full),
        },
        status=status,
    )


@login_required
def work_order_detail_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    order = access_work_order(principal_of(request), work_order_id)
    return _detail(request, order)


# Fields of the work order form that the customer step carries along when it reloads it.
_CARRIED = ("business_area", "description", "place", "planned_date", "planned_start", "planned_end")


def _chosen_customer_id(request: HttpRequest, default: int | None) -> int | None:
    data = request.POST if request.method == "POST" else request.GET
    return _int_or_none(data.get("customer")) or default


def _carried(query: QueryDict) -> dict[str, Any]:
    """What was typed into the work order form before the customer changed (htmx sends
    it along with the customer), to be filled in again."""
    carried: dict[str, Any] = {k: query[k] for k in _CARRIED if query.get(k)}
    if query.getlist("assigned"):
        carried["assigned"] = query.getlist("assigned")
    return carried


def _work_order_form_page(
    request: HttpRequest,
    *,
    unit: Unit,
    title: str,
    cancel_url: str,
    customer_id: int | None,
    initial: dict[str, Any],
    save: Callable[[dict[str, Any]], HttpResponse],
    check: Callable[[dict[str, Any]], None],
    keep_agreement_id: int | None = None,
) -> HttpResponse:
    """The work order form in two steps: the customer, then the order with the
    customer's agreements (the only one preselected) and their price lists."""
    today = timezone.localdate()
    # An order already under an agreement that has since ended keeps it when edited.
    agreements = agreements_for_customer(
        customer_id=customer_id, unit_id=unit.pk, on=today, keep_id=keep_agreement_id
    )
    chooser = WorkOrderCustomerForm(
        initial={"customer": customer_id},
        cooperative_id=unit.cooperative_id,
        reload_url=request.path,
    )
    form: WorkOrderForm | None = None
    if customer_id is not None:
        form = WorkOrderForm(
            request.POST if request.method == "POST" else None,
            unit=unit,
            agreements=agreements,
            people=unit_people(unit_id=unit.pk, on=today),
            initial={**initial, **_carried(request.GET), "customer": customer_id},
        )
        if request.method == "POST":
            try:
                if form.is_valid():
                    return save(dict(form.cleaned_data))
                # Some fields could not be read: ask the service about the rest, so every
                # problem is shown now rather than one round at a time.
                check(dict(form.cleaned_data))
            except KoopValidationError as error:
                add_remaining_problems(form, error)
    return render(
        request,
        "work/work_order_form.html",
        {
            "title": title,
            "unit": unit,
            "chooser": chooser,
            "form": form,
            "agreements": list(agreements) if customer_id is not None else [],
            "cancel_url": cancel_url,
        },
        status=422 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
def work_order_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit_work(principal, unit_id)

    def save(data: dict[str, Any]) -> HttpResponse:
        order = work_order_create(unit=unit, acting_user=request.user, **data)
        messages.success(request, _("Work order %(ref)s was created.") % {"ref": order.reference})
        return redirect("work:work-order-detail", work_order_id=order.pk)

    return _work_order_form_page(
        request,
        unit=unit,
        title=_("New work order for %(unit)s") % {"unit": unit.name},
        cancel_url=reverse("work:work-order-list") + f"?unit={unit.pk}",
        customer_id=_chosen_customer_id(request, None),
        initial={"planned_date": timezone.localdate()},
        save=save,
        check=lambda data: work_order_check(unit=unit, **data),
    )


@login_required
def work_order_edit_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    order = access_work_order(principal_of(request), work_order_id, write=True)
    customer_id = _chosen_customer_id(request, order.customer_id)
    same_customer = customer_id == order.customer_id
    initial = {
        "agreement": order.agreement_id if same_customer else None,
        "business_area": order.business_area_id,
        "description": order.description,
        "place": order.place,
        "planned_date": order.planned_date,
        "planned_start": order.planned_start,
        "planned_end": order.planned_end,
        "assigned": list(order.assigned.values_list("pk", flat=True)),
    }

    def _with_area(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("business_area") is None and "business_area" in data:
            agreement = data.get("agreement")
            data["business_area"] = agreement.business_area if agreement else order.business_area
        return data

    def save(data: dict[str, Any]) -> HttpResponse:
        work_order_update(work_order=order, acting_user=request.user, **_with_area(data))
        messages.success(request, _("The work order was saved."))
        return redirect("work:work-order-detail", work_order_id=order.pk)

    return _work_order_form_page(
        request,
        unit=order.unit,
        title=_("Edit %(ref)s") % {"ref": order.reference},
        cancel_url=reverse("work:work-order-detail", args=[order.pk]),
        customer_id=customer_id,
        initial=initial,
        save=save,
        check=lambda data: work_order_check(unit=order.unit, work_order=order, **_with_area(data)),
        keep_agreement_id=order.agreement_id if same_customer else None,
    )


@login_required
@require_POST
def work_order_transition_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    order = access_work_order(principal_of(request), work_order_id, write=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid state."))
    else:
        try:
            work_order_transition(
                work_order=order,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            messages.error(request, str(error.problems[0].message))
            return _detail(request, order, status=422)
        messages.success(
            request,
            _("%(ref)s is now %(status)s.")
            % {"ref": order.reference, "status": order.get_status_display().lower()},
        )
    return redirect("work:work-order-detail", work_order_id=order.pk)


@login_required
@require_POST
def time_row_create_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    principal = principal_of(request)
    order = access_work_order(principal, work_order_id)
    require(can_register_time(principal, order))
    form = _time_form(request, principal, order, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            check_time_person(principal, order, data["person"].pk)
            time_row_add(work_order=order, acting_user=request.user, **data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(hours)s registered.") % {"hours": format_hours(data["hours"])}
            )
            return redirect("work:work-order-detail", work_order_id=order.pk)
    return _detail(request, order, time_form=form, status=422)


@login_required
@require_POST
def material_row_create_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    order = access_work_order(principal_of(request), work_order_id, write=True)
    form = _material_form(order, request.POST)
    if form.is_valid():
        try:
            material_row_add(work_order=order, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The material was added."))
            return redirect("work:work-order-detail", work_order_id=order.pk)
    return _detail(request, order, material_form=form, status=422)
