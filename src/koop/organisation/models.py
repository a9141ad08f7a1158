"""Organisation: the cooperative, its municipalities, business areas and local units.

Responsible for the shape of the group. It must never know about people, money or
participants: those apps hang off the rows here, not the other way round. The cooperative
is a row, not a setting, so one installation could hold several."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.core.identifiers import validate_orgnr


class Cooperative(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=60, default="ekonomisk förening", blank=True
    )
    org_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, validators=[validate_orgnr]
    )
    vat_number = models.CharField(_("VAT number"), max_length=14, blank=True)
    approved_for_f_tax = models.BooleanField(_("approved for F-tax"), default=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")

    def __str__(self) -> str:
        return self.short_name or self.name


class Municipality(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("municipality code"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "name"], name="municipality_name_unique_per_cooperative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BusinessArea(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="business_areas"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("business area")
        verbose_name_plural = _("business areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "code"], name="business_area_code_unique_per_cooperative"
            ),
            models.UniqueConstraint(
                fields=["cooperative", "name"], name="business_area_name_unique_per_cooperative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Unit(models.Model):
    """A local unit: a small business of the group, with its own cost centre."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="units"
    )
    business_areas = models.ManyToManyField(
        BusinessArea, verbose_name=_("business areas"), related_name="units", blank=True
    )
    cost_centre = models.CharField(
        _("cost centre"),
        max_length=20,
        help_text=_("The unit's code in the books (SIE dimension 1)."),
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_.-]+$",
                _("A cost centre code is letters, digits, '.', '_' or '-' without spaces."),
            )
        ],
    )
    started_on = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "cost_centre"],
                name="unit_cost_centre_unique_per_cooperative",
                violation_error_message=_("Another unit already has this cost centre code."),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("started_on")),
                name="unit_closes_after_it_starts",
                violation_error_message=_("A unit cannot close before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


__all__ = ["BusinessArea", "Cooperative", "Municipality", "Unit", "UnitStatus"]
