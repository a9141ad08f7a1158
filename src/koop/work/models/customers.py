"""Customers: the buyers the cooperative's units work for, shared by every unit."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import Cooperative


class CustomerKind(models.TextChoices):
    PUBLIC = "public", _("Public body")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    PRIVATE = "private", _("Private person")


class Customer(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="customers")
    kind = models.CharField(_("kind"), max_length=12, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(
        _("department"),
        max_length=200,
        blank=True,
        help_text=_("For a public body: the department or office that buys."),
    )
    # Organisation number for bodies and companies, personnummer for a private person.
    identity_number = models.CharField(_("org.nr / personnummer"), max_length=13, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=14, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="SE")
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    peppol_id = models.CharField(
        _("Peppol participant id"),
        max_length=50,
        blank=True,
        help_text=_("For e-invoices: 0007: followed by the organisation number."),
    )
    buyer_reference = models.CharField(
        _("buyer reference (Er referens)"), max_length=100, blank=True
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "department"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="public") | ~Q(buyer_reference=""),
                name="customer_public_needs_buyer_reference",
                violation_error_message=_("A public customer needs a buyer reference."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in CustomerKind]),
                name="customer_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(payment_terms_days__lte=365),
                name="customer_payment_terms_within_a_year",
                violation_error_message=_("Payment terms cannot exceed 365 days."),
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "name"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.department}" if self.department else self.name

    @property
    def receives_e_invoices(self) -> bool:
        return bool(self.peppol_id)
