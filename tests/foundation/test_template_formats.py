"""Templates show numbers and dates through ``koop_format`` only: no Django ``|date:``,
``floatformat`` or ``intcomma``, and no ``type="number"`` input (money and hours are typed
in a text input with ``inputmode="decimal"``, which takes ``3,5`` and ``3.5``).

A line that must keep one says why in a ``{# format-ok: ... #}`` comment on that line or
the line above it.
"""

from __future__ import annotations

import re
from pathlib import Path

import koop

SRC = Path(koop.__file__).resolve().parent
FORBIDDEN = re.compile(r"\|\s*date\s*:|floatformat|intcomma|type=[\"']number[\"']")
ALLOW = "format-ok:"


def offending_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a template that format by hand without saying why."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if not FORBIDDEN.search(line):
            continue
        previous = lines[number - 2] if number > 1 else ""
        if ALLOW in line or ALLOW in previous:
            continue
        found.append((number, line.strip()))
    return found


def templates() -> list[Path]:
    return sorted(SRC.glob("*/templates/**/*.html"))


def test_the_scan_finds_hand_formatting_and_honours_a_reason() -> None:
    assert offending_lines('{{ d|date:"Y-m-d" }}\n{{ x|floatformat:2 }}') == [
        (1, '{{ d|date:"Y-m-d" }}'),
        (2, "{{ x|floatformat:2 }}"),
    ]
    assert offending_lines('<input type="number">') == [(1, '<input type="number">')]
    assert offending_lines("{{ x|intcomma }}") == [(1, "{{ x|intcomma }}")]
    assert offending_lines('{# format-ok: a month name #}\n{{ m|date:"F" }}') == []
    assert offending_lines("{{ d|day }} {{ x|money }}") == []


def test_templates_format_through_koop_format() -> None:
    assert templates(), "no templates found"
    offences = []
    for path in templates():
        name = path.relative_to(SRC).as_posix()
        offences += [f"{name}:{n}: {line}" for n, line in offending_lines(path.read_text())]
    assert offences == [], "\n".join(offences)
