"""Run the official validation artefacts (OpenPeppol BIS Billing 3.0, CEN EN 16931) on one
UBL invoice or credit note, where you have them.

Koop does not ship these artefacts; the test suite runs them from the shared folder beside
the repository on every UBL document it makes (tests/billing/documents/validation.py and
README.md there). This tool runs them on one file, with Saxon-HE for Python (``saxonche``, a
dev dependency), and makes the same in-memory correction of the compiled Peppol stylesheet
as the tests (see PEPPOL_WALK below):

    python scripts/validate_ubl_official.py invoice.xml --rules DIR [--schxslt transpile.xsl]

DIR holds the artefacts as published: compiled XSLT stylesheets (``*.xsl``/``*.xslt``, such
as the OpenPeppol release's PEPPOL-EN16931-UBL.xslt and CEN's EN16931-UBL-validation.xslt),
and/or Schematron files (``*.sch``), which need ``--schxslt`` (left out without it, when
there are compiled ones): the SchXslt2 compiler
stylesheet (transpile.xsl) that turns Schematron into XSLT. Every stylesheet writes an SVRL
report; each failed assertion is printed with its flag. Exit status: 0 no fatal failure,
1 a fatal failure, 2 nothing could be run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lxml import etree

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# The compiled Peppol stylesheet (SchXslt2) passes the patterns that fired on an element down
# to all its descendants, silencing the rest of each such pattern below it; its fall-back
# walk passes an empty list instead once corrected (the tests' validation.py says more).
PEPPOL_WALK = (
    '<template match="*" mode="group.d3e203" priority="-10">'
    '<apply-templates select="@*" mode="#current"/>'
    '<apply-templates select="node()" mode="#current"/></template>'
)
_RESET = (
    '<with-param name="Q{http://dmaus.name/ns/2023/schxslt}pattern"'
    ' as="Q{http://www.w3.org/2001/XMLSchema}string*" tunnel="yes" select="()"/>'
)
PEPPOL_WALK_CORRECTED = (
    '<template match="*" mode="group.d3e203" priority="-10">'
    f'<apply-templates select="@*" mode="#current">{_RESET}</apply-templates>'
    f'<apply-templates select="node()" mode="#current">{_RESET}</apply-templates></template>'
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the UBL XML file")
    parser.add_argument("--rules", type=Path, required=True, help="folder with the artefacts")
    parser.add_argument("--schxslt", type=Path, help="SchXslt2 transpile.xsl, for *.sch files")
    args = parser.parse_args()
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        print("saxonche is not installed: pip install saxonche", file=sys.stderr)
        return 2

    compiler = args.schxslt.resolve() if args.schxslt else None
    artefacts = sorted(
        p
        for p in args.rules.rglob("*")
        if p.suffix in (".xsl", ".xslt", ".sch") and p.resolve() != compiler
    )
    if not artefacts:
        print(f"no *.xsl, *.xslt or *.sch files in {args.rules}", file=sys.stderr)
        return 2
    if compiler is None and any(p.suffix == ".sch" for p in artefacts):
        compiled = [p for p in artefacts if p.suffix != ".sch"]
        if not compiled:
            print("*.sch files need --schxslt (the SchXslt2 transpile.xsl)", file=sys.stderr)
            return 2
        # The shared folder ships the sources beside their compiled stylesheets.
        print("without --schxslt the *.sch files are left out", file=sys.stderr)
        artefacts = compiled

    processor = PySaxonProcessor(license=False)
    xslt = processor.new_xslt30_processor()
    document = processor.parse_xml(xml_file_name=str(args.file))
    fatal = 0
    for artefact in artefacts:
        if artefact.suffix == ".sch":
            to_xslt = xslt.compile_stylesheet(stylesheet_file=str(compiler))
            stylesheet = to_xslt.transform_to_string(source_file=str(artefact))
            executable = xslt.compile_stylesheet(stylesheet_text=stylesheet)
        else:
            text = artefact.read_text(encoding="utf-8").replace(PEPPOL_WALK, PEPPOL_WALK_CORRECTED)
            executable = xslt.compile_stylesheet(stylesheet_text=text)
        report = etree.fromstring(executable.transform_to_string(xdm_node=document).encode())
        failed = report.findall(".//svrl:failed-assert", SVRL)
        fired = len(report.findall(".//svrl:fired-rule", SVRL))
        print(f"{artefact.name}: {fired} rules fired, {len(failed)} failed assertions")
        for el in failed:
            flag = el.get("flag", "fatal")
            fatal += flag == "fatal"
            text = " ".join("".join(el.itertext()).split())
            print(f"  {flag:8} {el.get('id', '?')}: {text}")
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main())
