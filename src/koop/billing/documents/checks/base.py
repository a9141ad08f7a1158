"""What every check module shares: the failure record, XPath access to a UBL document,
and the check-digit arithmetic the identifier rules use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree
from stdnum import luhn

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CENT = Decimal("0.01")

FATAL = "fatal"
WARNING = "warning"


@dataclass(frozen=True)
class Failure:
    """A rule the document breaks: the published rule id, its flag, what is wrong."""

    rule: str
    flag: str
    message: str


class UblDocument:
    """A parsed UBL Invoice or CreditNote with short XPath helpers (prefixes cac, cbc)."""

    def __init__(self, xml: bytes | etree._Element) -> None:
        self.root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
        self.is_credit_note = self.root.tag != f"{{{INVOICE_NS}}}Invoice"
        self.line_tag = "cac:CreditNoteLine" if self.is_credit_note else "cac:InvoiceLine"
        self.quantity_tag = (
            "cbc:CreditedQuantity" if self.is_credit_note else "cbc:InvoicedQuantity"
        )
        self.currency = self.text("cbc:DocumentCurrencyCode")

    def nodes(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        found = (self.root if node is None else node).xpath(path, namespaces=NS)
        assert isinstance(found, list)
        return [el for el in found if isinstance(el, etree._Element)]

    def values(self, path: str, node: etree._Element | None = None) -> list[str]:
        """Whitespace-normalised texts (or attribute values) at ``path``."""
        found = (self.root if node is None else node).xpath(path, namespaces=NS)
        assert isinstance(found, list)
        texts = [(el.text or "") if isinstance(el, etree._Element) else str(el) for el in found]
        return [" ".join(text.split()) for text in texts]

    def text(self, path: str, node: etree._Element | None = None) -> str:
        found = self.values(path, node)
        return found[0] if found else ""

    def has(self, path: str, node: etree._Element | None = None) -> bool:
        return bool(self.nodes(path, node))

    def lines(self) -> list[etree._Element]:
        return self.nodes(self.line_tag)


class Collector:
    """Collects failures: ``check(rule, ok, message)`` records one when ``ok`` is false."""

    def __init__(self) -> None:
        self.failures: list[Failure] = []

    def check(self, rule: str, ok: bool, message: str, *, flag: str = FATAL) -> None:
        if not ok:
            self.failures.append(Failure(rule, flag, message))


def decimal(text: str | None) -> Decimal | None:
    """The number in ``text``, or None when it is missing or not a number."""
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount(text: str | None) -> Decimal:
    """The number in ``text``; a missing or malformed number counts as zero."""
    value = decimal(text)
    return Decimal(0) if value is None else value


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def within(expected: Decimal, actual: Decimal, slack: Decimal) -> bool:
    return abs(expected - actual) <= slack


def luhn_valid(digits: str) -> bool:
    """Whether the last digit of ``digits`` is its Luhn (modulus 10) check digit."""
    return digits.isdigit() and luhn.is_valid(digits)


def gs1_valid(digits: str) -> bool:
    """Whether the last digit of ``digits`` is its GS1 check digit (weights 3, 1 from the
    right, the check digit excluded), as for a GLN."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    body = [int(c) for c in reversed(digits[:-1])]
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return (10 - weighted % 10) % 10 == int(digits[-1])
