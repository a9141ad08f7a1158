"""Work orders, their status history, and the time and material registered on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import BusinessArea, Unit
from koop.people.models import Person
from koop.work.models.agreements import Agreement, PriceListItem
from koop.work.models.customers import Customer


class WorkOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


S = WorkOrderStatus
# The only moves a work order can make. The service refuses the rest with a message and
# a database trigger (migration 0003) refuses them even for code that skips the service.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PLANNED, S.CANCELLED}),
    S.PLANNED: frozenset({S.IN_PROGRESS, S.DRAFT, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.DONE, S.CANCELLED}),
    S.DONE: frozenset({S.INVOICED}),
    S.INVOICED: frozenset(),
    S.CANCELLED: frozenset(),
}
# States in which time and material may be added, changed or removed.
OPEN_STATES = frozenset({S.DRAFT, S.PLANNED, S.IN_PROGRESS})


class WorkOrder(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="work_orders"
    )
    business_area = models.ForeignKey(
        BusinessArea,
        verbose_name=_("business area"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    planned_date = models.DateField(_("planned date"))
    planned_start = models.TimeField(_("start time"), null=True, blank=True)
    planned_end = models.TimeField(_("end time"), null=True, blank=True)
    assigned = models.ManyToManyField(
        Person, verbose_name=_("assigned people"), related_name="work_orders", blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WorkOrderStatus.choices, default=S.DRAFT
    )
    invoice_ref = models.CharField(_("invoice"), max_length=40, blank=True)
    invoiced_at = models.DateTimeField(_("invoiced at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-planned_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in WorkOrderStatus]),
                name="work_order_status_known",
            ),
            models.CheckConstraint(
                condition=(Q(status="invoiced") & ~Q(invoice_ref="") & Q(invoiced_at__isnull=False))
                | (~Q(status="invoiced") & Q(invoice_ref="") & Q(invoiced_at__isnull=True)),
                name="work_order_invoiced_has_invoice_ref",
                violation_error_message=_(
                    "An invoiced work order carries its invoice reference, and only it does."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gt=F("planned_start")),
                name="work_order_ends_after_it_starts",
                violation_error_message=_("The end time must be after the start time."),
            ),
        ]
        indexes = [
            # The lists show the newest first, for all units or one: these let the database
            # read a page off the index instead of sorting every order.
            models.Index(fields=["-planned_date", "-id"], name="work_order_newest_first"),
            models.Index(
                fields=["unit", "-planned_date", "-id"], name="work_order_unit_newest_first"
            ),
            models.Index(fields=["status", "-planned_date"], name="work_order_status_newest"),
            models.Index(fields=["unit", "status", "planned_date"]),
            models.Index(fields=["customer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:60]}"

    @property
    def reference(self) -> str:
        """The order's number as people say it."""
        return f"AO {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class WorkOrderStatusChange(models.Model):
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="status_changes"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("work order status change")
        verbose_name_plural = _("work order status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.work_order_id}: {self.from_status} → {self.to_status}"

    def get_from_status_display(self) -> str:
        return str(WorkOrderStatus(self.from_status).label) if self.from_status else ""

    def get_to_status_display(self) -> str:
        return str(WorkOrderStatus(self.to_status).label)


class TimeRow(models.Model):
    """Hours one person worked on an order, priced from the agreement or at a free price."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="time_rows")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="time_rows"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    service = models.ForeignKey(
        PriceListItem,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_rows",
    )
    # Copied from the price list when the row is made, so a later price change does not
    # rewrite work already done.
    description = models.CharField(_("description"), max_length=200)
    hourly_price = models.DecimalField(_("hourly price"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("time row")
        verbose_name_plural = _("time rows")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="time_row_hours_positive",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
            models.CheckConstraint(
                condition=Q(hourly_price__gte=0),
                name="time_row_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lt=100), name="time_row_vat_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.date} {self.hours} h"


class MaterialRow(models.Model):
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="material_rows"
    )
    article = models.ForeignKey(
        PriceListItem,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="material_rows",
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("material row")
        verbose_name_plural = _("material rows")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="material_row_quantity_positive",
                violation_error_message=_("The quantity must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="material_row_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lt=100),
                name="material_row_vat_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"
