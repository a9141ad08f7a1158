"""Checks of a Peppol BIS Billing 3.0 UBL invoice or credit note against the business
rules that matter most for Koop's documents.

These are Koop's own implementation, in Python with lxml, of the published rule texts.
They are NOT the official validation artefacts (the OpenPeppol BIS Billing 3.0 Schematron
and the CEN EN 16931 Schematron/XSLT), which are not part of Koop; a document that passes
here can still be refused by a rule we do not check. To run the official artefacts on a
generated file, see ``scripts/validate_ubl_official.py``.

What is checked (each failure names the rule id):

- ``en16931``: the core CEN EN 16931 rules in ``EN16931_RULES`` (mandatory terms BR-01..
  BR-16, line terms BR-21..BR-27, VAT breakdown BR-45..BR-48, payment BR-49/50/61,
  BR-55, the sums BR-CO-09..BR-CO-18, BR-CO-25/26, the VAT categories S, Z and E, and
  two decimals on amounts).
- ``peppol``: the OpenPeppol rules in ``PEPPOL_RULES`` (PEPPOL-EN16931-R001..R130 that
  concern invoices like ours, and PEPPOL-COMMON-R040/R049: a GLN or a Swedish
  organisation number used as an identifier has a valid check digit).
- ``sweden``: the Swedish national rules SE-R-001..SE-R-013 (``SWEDISH_RULES``, with the
  published fatal/warning flags) and Koop's stricter ``KOOP_SWEDISH_RULES``.

``ubl_failures`` runs them all; a document Koop sends must give an empty list.
"""

from __future__ import annotations

from lxml import etree

from koop.billing.documents.checks.base import FATAL, WARNING, Failure
from koop.billing.documents.checks.en16931 import EN16931_RULES, en16931_failures
from koop.billing.documents.checks.peppol import PEPPOL_RULES, peppol_failures
from koop.billing.documents.checks.sweden import (
    KOOP_SWEDISH_RULES,
    SWEDISH_RULES,
    swedish_failures,
)


def ubl_failures(xml: bytes) -> list[Failure]:
    """Every failure of every check in this package, EN 16931 first."""
    root = etree.fromstring(xml)
    return en16931_failures(root) + peppol_failures(root) + swedish_failures(root)


def fatal(failures: list[Failure]) -> list[Failure]:
    return [f for f in failures if f.flag == FATAL]


__all__ = [
    "EN16931_RULES",
    "FATAL",
    "KOOP_SWEDISH_RULES",
    "PEPPOL_RULES",
    "SWEDISH_RULES",
    "WARNING",
    "Failure",
    "en16931_failures",
    "fatal",
    "peppol_failures",
    "swedish_failures",
    "ubl_failures",
]
