"""Reading SIE files line by line: encodings, quoted fields, object lists, the checksum.

SIE 4 files are meant to be code page 437 (``#FORMAT PC8``), but programs write UTF-8,
Windows-1252 or ISO-8859-1 too. ``detect_encoding`` decides from the bytes: valid UTF-8
with non-ASCII text is UTF-8; otherwise the Swedish letters decide between code page 437
and Windows-1252 (å ä ö Å Ä Ö are 0x86 0x84 0x94 0x8F 0x8E 0x99 in one and 0xE5 0xE4 0xF6
0xC5 0xC4 0xD6 in the other).

A field is a word, a quoted string (``\\"`` and ``\\\\`` escape) or an object list
``{dim "code" ...}``; ``parse_line`` returns them in order, object lists as lists."""

from __future__ import annotations

import codecs
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from koop.core.errors import KoopValidationError

Field = str | list[str]

CP437_SWEDISH = frozenset(b"\x86\x84\x94\x8f\x8e\x99")
LATIN_SWEDISH = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6")
CHUNK = 1 << 20


@dataclass(frozen=True)
class FileFacts:
    encoding: str
    fingerprint: str  # SHA-256 of the bytes
    size: int
    newline: bytes = b"\n"  # b"\r" for a file with old Mac line ends (CR only)


def detect_encoding(path: Path) -> FileFacts:
    """One pass over the file in chunks (bounded memory): its encoding and fingerprint."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    non_ascii = False
    cp437_hits = latin_hits = 0
    size = 0
    has_lf = has_cr = False
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            has_lf = has_lf or b"\n" in chunk
            has_cr = has_cr or b"\r" in chunk
            digest.update(chunk)
            if not non_ascii and not chunk.isascii():
                non_ascii = True
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            cp437_hits += sum(chunk.count(bytes([b])) for b in CP437_SWEDISH)
            latin_hits += sum(chunk.count(bytes([b])) for b in LATIN_SWEDISH)
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if non_ascii and utf8_ok:
        encoding = "utf-8"
    elif latin_hits > cp437_hits:
        encoding = "cp1252"
    else:
        encoding = "cp437"
    newline = b"\r" if has_cr and not has_lf else b"\n"
    return FileFacts(encoding=encoding, fingerprint=digest.hexdigest(), size=size, newline=newline)


# The labels of SIE 4 (and of types 1-3): a file holding none of them is not an SIE file.
SIE_LABELS = frozenset(
    [
        "ADRESS",
        "BKOD",
        "BTRANS",
        "DIM",
        "ENHET",
        "FLAGGA",
        "FNAMN",
        "FNR",
        "FORMAT",
        "FTYP",
        "GEN",
        "IB",
        "KONTO",
        "KPTYP",
        "KSUMMA",
        "KTYP",
        "OBJEKT",
        "OIB",
        "OMFATTN",
        "ORGNR",
        "OUB",
        "PBUDGET",
        "PROGRAM",
        "PROSA",
        "PSALDO",
        "RAR",
        "RES",
        "RTRANS",
        "SIETYP",
        "SRU",
        "TAXAR",
        "TRANS",
        "UB",
        "UNDERDIM",
        "VALUTA",
        "VER",
    ]
)
SNIFF = 64 * 1024
_LABEL_START = re.compile(rb"#[A-Za-z]")
UTF8_BOM = b"\xef\xbb\xbf"


def not_sie_because(path: Path) -> str | None:
    """Why the file at ``path`` is not an SIE file, from its first bytes; None when it may be
    one. An SIE file is text (no NUL bytes, which images, PDFs and spreadsheets hold) whose
    first line is a label such as ``#FLAGGA 0``."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF)
    text = head.removeprefix(UTF8_BOM).lstrip()
    if not text:
        return _("The file is empty: there is nothing to import.")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head.lstrip(b"\x00")[:2] in (b"#\x00",):
        return _(
            "This file is saved as UTF-16, which SIE files are not: export it again as "
            "SIE 4 (code page 437, or UTF-8)."
        )
    if b"\x00" in head:
        return _(
            "This is not an SIE file: it holds binary data, as an image, a PDF or a "
            "spreadsheet does. Export the books from the accounting program as SIE 4."
        )
    if not _LABEL_START.match(text):
        return unlabelled_message()
    return None


def unlabelled_message() -> str:
    return _(
        "This is not an SIE file: the lines of an SIE file start with labels such as "
        "#FLAGGA, #KONTO and #VER."
    )


# One token: a quoted string (to its closing quote, or the end of the line), a brace, or
# a word. Only space, tab, CR and LF separate: code page 437's 0xFF (a no-break space) is
# part of a word. A regex rather than a loop over characters, as every line passes here.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.|\\$)*)("|$)|([{}])|([^ \t\r\n{}"]+)')
_ESCAPE = re.compile(r"\\(.)")


def parse_line(text: str) -> list[Field]:
    """The fields of one line, the label first (``#TRANS``) as written."""
    return parse_fields(text)[0]


def parse_fields(text: str) -> tuple[list[Field], bool]:
    """The fields of one line, and whether the line is whole: every quote and object list
    closed (a line cut short, or with a flipped byte, leaves one open)."""
    fields: list[Field] = []
    current: list[str] | None = None  # inside an object list
    whole = True
    for quoted, closing, brace, word in _TOKEN.findall(text):
        if not brace and not word and not closing:
            whole = False
        if brace == "{":
            if current is not None:
                whole = False
            current = []
            continue
        if brace == "}":
            fields.append(current if current is not None else [])
            current = None
            continue
        if not word:
            word = _ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted
        if current is not None:
            current.append(word)
        else:
            fields.append(word)
    if current is not None:  # an object list left open: take what it had
        fields.append(current)
        whole = False
    return fields, whole


@dataclass(frozen=True)
class SieLine:
    number: int
    label: str  # upper case, without '#'; "{" and "}" for voucher blocks
    fields: list[Field]


MAX_LINE = 64 * 1024  # bytes; no line of an SIE file comes near it


class SieRefused(KoopValidationError):
    """The file is refused; the message names the line (and the voucher)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}, field="file"
        )


class Unlabelled(SieRefused):
    """A line without a label: damage in an SIE file, or a file that is not SIE at all."""


def _raw_lines(handle: BinaryIO, newline: bytes) -> Iterator[bytes]:
    """The file's lines split at ``newline``, each at most MAX_LINE bytes (longer ones
    are refused): bounded memory whatever the file holds."""
    number = 0
    rest = b""
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        parts = (rest + chunk).split(newline)
        rest = parts.pop()
        for part in parts:
            number += 1
            if len(part) > MAX_LINE:
                raise SieRefused(number, long_line_message())
            yield part + newline
        if len(rest) > MAX_LINE:
            raise SieRefused(number + 1, long_line_message())
    if rest:
        yield rest


def long_line_message() -> str:
    return _(
        "the line is longer than %(size)s bytes: the file is damaged or is not an SIE "
        "file (or its line ends are not ones SIE files use)."
    ) % {"size": MAX_LINE}


def read_lines(
    path: Path,
    encoding: str,
    *,
    newline: bytes = b"\n",
    progress: Callable[[int], None] | None = None,
) -> Iterator[SieLine]:
    """The file's non-empty lines, parsed, one at a time; a line that is cut short or
    damaged (a quote or object list left open, NUL bytes, no label) refuses the file."""
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(_raw_lines(handle, newline), start=1):
            done += len(raw)
            if progress is not None and number % 5000 == 0:
                progress(done)
            if b"\x00" in raw:
                raise SieRefused(number, _("the line holds NUL bytes: the file is damaged."))
            text = raw.decode(encoding, errors="replace").strip()
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text:
                continue
            if text in ("{", "}"):
                yield SieLine(number, text, [])
                continue
            if not text.startswith("#"):
                # Some writers put "{" on the #VER line or "}" after the last #TRANS.
                if text[0] in "{}" and not text[1:].strip():
                    yield SieLine(number, text[0], [])
                    continue
                raise Unlabelled(
                    number,
                    _(
                        "the line does not start with a label (#VER, #TRANS, ...): the file "
                        "is damaged."
                    ),
                )
            fields, whole = parse_fields(text)
            if not whole:
                raise SieRefused(
                    number,
                    _(
                        "a quote or an object list { } is not closed: the line is cut short "
                        "or damaged."
                    ),
                )
            head = fields[0]
            label = head.upper().lstrip("#") if isinstance(head, str) else ""
            yield SieLine(number, label, fields[1:])
    if progress is not None:
        progress(done)


class Checksum:
    """The #KSUMMA CRC-32: over the label and the field contents (without separators,
    quotes or braces) of every line between the opening and the closing #KSUMMA, in code
    page 437 bytes, as the SIE 4 specification describes it."""

    def __init__(self) -> None:
        self.crc = 0
        self.active = False

    def add(self, line: SieLine) -> None:
        if not self.active or line.label in ("{", "}"):
            return
        parts = ["#" + line.label]
        for f in line.fields:
            parts.extend(f if isinstance(f, list) else [f])
        self.crc = zlib.crc32("".join(parts).encode("cp437", errors="replace"), self.crc)

    @property
    def value(self) -> int:
        return self.crc & 0xFFFFFFFF
