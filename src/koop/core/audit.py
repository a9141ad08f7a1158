"""Writing the audit trail. Every service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from koop.core.models import AuditEntry


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in exclude:
            continue
        data[f.attname] = _json_value(getattr(obj, f.attname))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Write one audit row; must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


# Reading the trail: what people see instead of the codes stored in it.


def action_label(action: str, object_type: str = "") -> str:
    """What the trail calls ``action``: the label in the ``audit_actions`` of the app that
    owns the object (two apps may use one code: work's and participants' agreements),
    else of any app; an action without a label reads as a plain "Change"."""
    app_label = object_type.partition(".")[0]
    configs = list(django_apps.get_app_configs())
    configs.sort(key=lambda config: config.label != app_label)
    for config in configs:
        label = getattr(config, "audit_actions", {}).get(action)
        if label is not None:
            return str(label)
    return str(_("Change"))


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return django_apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """The kind of object as people call it (``organisation.unit`` -> "Enhet")."""
    model = _model_of(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else str(_("Object"))


def _field_of(object_type: str, name: str) -> models.Field[Any, Any] | None:
    model = _model_of(object_type)
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if name in {f.name, f.attname}:
            return f
    return None


def field_label(object_type: str, name: str) -> str:
    """A field of a snapshot as people call it (``unit_id`` -> "Enhet")."""
    f = _field_of(object_type, name)
    if f is not None:
        return str(capfirst(f.verbose_name))
    return str(capfirst(name.removesuffix("_id").replace("_", " ")))


def value_label(object_type: str, name: str, value: Any) -> Any:
    """A stored value as people read it: a choice by its label (``paused`` -> "Vilande")."""
    f = _field_of(object_type, name)
    if f is not None and f.choices and value is not None:
        return str(dict(f.flatchoices).get(value, value))
    return value


def audit_object_types() -> list[tuple[str, str]]:
    """Every kind of object that has audited actions, with its label, for a filter."""
    kinds = AuditEntry.objects.values_list("object_type", flat=True).distinct()
    return sorted(((kind, object_type_label(kind)) for kind in kinds), key=lambda p: p[1])
