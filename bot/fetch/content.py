"""What a response body is (pure): its media type, charset and content-coding; bodies decoded
a bounded piece at a time, so a compression bomb is stopped at the size cap."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator

import httpx

from bot.fetch.errors import BadEncoding

_KINDS = {
    "application/pdf": "a PDF",
    "application/json": "JSON data",
    "application/xml": "XML data",
    "text/xml": "XML data",
    "application/rss+xml": "a news feed (RSS)",
    "application/atom+xml": "a news feed (Atom)",
    "application/zip": "a ZIP archive",
    "application/gzip": "a compressed archive",
    "application/octet-stream": "a file download",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/vnd.ms-excel": "a spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "a spreadsheet",
    "text/csv": "a spreadsheet (CSV)",
    "application/vnd.ms-powerpoint": "a slide deck",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a slide deck",
    "application/javascript": "a script",
    "text/javascript": "a script",
    "text/css": "a style sheet",
}
_IMAGE_NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg+xml": "SVG"}
_FAMILIES = {"video": "a video", "audio": "an audio file", "font": "a font", "model": "a 3D model"}


def describe_media_type(media_type: str) -> str:
    """What a non-page content type is, in words: 'a PDF', 'an image (PNG)', 'a video'."""
    if media_type in _KINDS:
        return _KINDS[media_type]
    family, _, subtype = media_type.partition("/")
    if family == "image":
        name = _IMAGE_NAMES.get(subtype)
        return f"an image ({name})" if name else "an image"
    return _FAMILIES.get(family, f"a file of type {media_type}")


def parse_content_type(value: str) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset="UTF-8"'; ('', None) when unusable."""
    media_type, *params = value.split(";")
    media_type = media_type.strip().lower()
    if not re.fullmatch(r"[\w.+-]+/[\w.+-]+", media_type):
        media_type = ""
    charset = None
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset" and raw.strip().strip("\"'"):
            charset = raw.strip().strip("\"'")
    return media_type, charset


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""")
# Labels browsers decode differently from their name (WHATWG Encoding): latin-1 and ASCII mean
# windows-1252, whose curly quotes news sites mislabel constantly.
_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})
_NOT_PAGE_CODECS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name in _NOT_PAGE_CODECS:
        return None
    if from_meta and name.startswith("utf-16"):
        return "utf-8"  # a meta tag readable as ASCII cannot be in UTF-16 (WHATWG rule)
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def decode_body(body: bytes, header_charset: str | None) -> str:
    """Text of a page: byte-order mark, else header charset, else <meta>/XML charset, else
    UTF-8. Undecodable bytes become U+FFFD; this never raises."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, "replace")
    head = body[:4096]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = (
        _codec(header_charset),
        _codec(meta.group(1).decode("ascii") if meta else None, from_meta=True),
    )
    for codec in candidates:
        if codec is None:
            continue
        try:
            return body.decode(codec, "replace")
        except LookupError:  # a codec that exists but is not a text encoding
            continue
    return body.decode("utf-8", "replace")


def size_text(n: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def sniff(body: bytes) -> str | None:
    """What a body without a Content-Type is when it is clearly not a page."""
    if body.startswith(b"%PDF"):
        return "a PDF"
    if b"\x00" in body[:1024]:
        return "a binary file"
    return None


# -- content-codings: decoded here, a bounded piece at a time ---------------------------------

# The most decoded bytes one step may produce. httpx's own decoders inflate a whole network read
# at once (64 KB of gzip can be 64 MB of page), so bodies are read raw and decoded here instead.
DECODE_PIECE = 64 * 1024
_GZIP_WBITS = zlib.MAX_WBITS | 16
_NO_CODING = frozenset({"", "identity"})


class _Identity:
    """The body as sent."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def end(self) -> Iterator[bytes]:
        yield from ()


class _Inflate:
    """gzip or deflate, never producing more than DECODE_PIECE bytes per step."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        wbits = _GZIP_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and self._coding == "deflate":
            data = self._sniff_raw_deflate(data)
        self._started = True
        while data and not self._zlib.eof:
            piece = self._zlib.decompress(data, DECODE_PIECE)
            data = self._zlib.unconsumed_tail
            if piece:
                yield piece
            # A full piece may leave output pending inside zlib even with no input left.
            while not data and len(piece) == DECODE_PIECE and not self._zlib.eof:
                piece = self._zlib.decompress(b"", DECODE_PIECE)
                if piece:
                    yield piece

    def _sniff_raw_deflate(self, data: bytes) -> bytes:
        """Many servers send "deflate" without its zlib header, as browsers tolerate."""
        try:
            zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:2])
        except zlib.error:
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return data

    def end(self) -> Iterator[bytes]:
        if not self._zlib.eof:
            yield self._zlib.flush(DECODE_PIECE)


_Decoder = _Identity | _Inflate


def body_decoder(headers: httpx.Headers) -> _Decoder:
    """The decoder for the body's Content-Encoding; BadEncoding when it must not be read.

    Only one layer is read: a body compressed twice has no use but to multiply its size (two
    gzip layers turn 1.8 KB into gigabytes), and newsbot asks only for gzip or deflate.
    """
    codings = [
        c.strip().lower()
        for c in headers.get_list("content-encoding", split_commas=True)
        if c.strip().lower() not in _NO_CODING
    ]
    codings = ["gzip" if c == "x-gzip" else c for c in codings]
    if len(codings) > 1:
        raise BadEncoding(
            f"the site sent the page compressed {len(codings)} times over "
            f"({', '.join(codings)}); newsbot reads one layer only"
        )
    if not codings:
        return _Identity()
    if codings[0] not in ("gzip", "deflate"):
        raise BadEncoding(
            f"the site sent the page in a compression newsbot cannot read ({codings[0][:40]})"
        )
    return _Inflate(codings[0])
