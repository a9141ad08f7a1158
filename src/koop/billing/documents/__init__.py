"""Invoice documents: the plain data an invoice is rendered from, and its renderings."""
