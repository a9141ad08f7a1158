"""The billing pages, one module per topic: a unit's invoices and an invoice
(``invoices``), drafts and issuing (``drafts``), the group-wide lists (``group``), the
invoice settings (``settings``)."""
