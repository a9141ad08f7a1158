"""List the msgids of Koop's Swedish catalogues that have no translation (or are fuzzy)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "koop"

missing = 0
for po_path in sorted(ROOT.glob("**/locale/sv/LC_MESSAGES/django.po")):
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.translated() or "fuzzy" in entry.flags:
            missing += 1
            print(f"{po_path.relative_to(ROOT)}: {entry.msgid!r}")
sys.exit(1 if missing else 0)
