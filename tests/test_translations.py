"""Swedish is the interface's default language and English (the msgids) is complete:
every catalogue must be fully translated, compiled, and hold every string the code uses."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "koop"
CATALOGUES = sorted(SRC.glob("**/locale/sv/LC_MESSAGES/django.po"))


def _apps_with_strings() -> list[Path]:
    apps = []
    for app in sorted(p for p in SRC.iterdir() if (p / "apps.py").exists()):
        sources = [*app.rglob("*.py"), *app.rglob("*.html")]
        uses = any(
            "gettext" in text or "{% translate" in text or "{% blocktranslate" in text
            for text in (
                s.read_text(encoding="utf-8")
                for s in sources
                if "migrations" not in s.parts and "tests" not in s.parts
            )
        )
        if uses:
            apps.append(app)
    return apps


def test_catalogues_exist() -> None:
    assert CATALOGUES, "no Swedish catalogue found"


@pytest.mark.parametrize("app", _apps_with_strings(), ids=lambda p: p.name)
def test_every_app_with_strings_has_a_swedish_catalogue(app: Path) -> None:
    assert (app / "locale" / "sv" / "LC_MESSAGES" / "django.po").exists(), (
        f"{app.name} has translatable strings but no locale/sv/LC_MESSAGES/django.po"
    )


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_fully_translated_and_compiled(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    untranslated = [
        e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete}
    assert compiled == source, f"{mo_path} is out of date with {po_path}: run compilemessages"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_holds_every_string_the_code_uses(po_path: Path, tmp_path: Path) -> None:
    """Extract the strings again into a copy and compare with the committed catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    app_dir = po_path.parents[3]
    copy = tmp_path / app_dir.name
    if app_dir == SRC:
        # The project catalogue holds the strings of the settings (language names).
        shutil.copytree(
            app_dir / "config", copy / "config", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copytree(app_dir / "locale", copy / "locale")
    else:
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
    # django-admin, not ``python -m django``: the app folder as the first entry of sys.path
    # would shadow standard modules (an app's ``selectors.py`` hides the stdlib one).
    subprocess.run(
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "sv",
            "--ignore",
            "migrations/*",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "koop.config.settings", "PATH": "/usr/bin:/bin"}
        | _python_env(),
    )
    fresh = polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
    missing = sorted(
        e.msgid
        for e in fresh
        if not e.obsolete and (e.msgctxt, e.msgid) not in committed and e.msgid
    )
    assert not missing, f"{po_path} lacks strings used in the code (run makemessages): {missing}"


def _python_env() -> dict[str, str]:
    import os

    keep = ("PYTHONPATH", "KOOP_DATA_DIR", "HOME", "VIRTUAL_ENV", "DATABASE_URL")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PATH"] = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    return env


def test_one_english_string_has_one_swedish_translation_across_the_catalogues() -> None:
    """Django merges the apps' catalogues into one: an English msgid two catalogues
    translate differently shows one app's word in the other's pages (an invoice number
    column reading "Antal"). The same word meaning two things takes a context."""
    translations: dict[tuple[str | None, str], set[tuple[str, str]]] = {}
    for po_path in CATALOGUES:
        app = po_path.parts[-5]
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or entry.fuzzy or not entry.msgstr or not entry.msgid:
                continue
            translations.setdefault((entry.msgctxt, entry.msgid), set()).add((app, entry.msgstr))
    clashes = {
        key: sorted(found)
        for key, found in translations.items()
        if len({msgstr for _app, msgstr in found}) > 1
    }
    assert not clashes, "\n".join(
        f"{key[1]!r}: {found}"
        for key, found in sorted(clashes.items(), key=lambda c: (c[0][1], c[0][0] or ""))
    )
