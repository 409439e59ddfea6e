"""What kind of bytes a delivery is: empty, binary, UTF-16, zip, or text in which encoding."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from iob.errors import DeliveryRejected

ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
_SAMPLE = 65536
_CHUNK = 1 << 22
_C1 = bytes(range(0x80, 0xA0))  # where Windows-1252 differs from Latin-1
# Control bytes that never occur in a text export (tab, LF, FF, CR and ESC-free text).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Map the five bytes cp1252 leaves undefined to the same code point (as latin-1 does)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return chr(err.object[err.start]), err.start + 1


codecs.register_error("iob_cp1252", _cp1252_fallback)


@dataclass(frozen=True)
class Text:
    """A decoded CSV: UTF-8 bytes without BOM (for polars) and the encoding it came in."""

    utf8: bytes
    encoding: str


def _looks_utf16(sample: bytes) -> bool:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    half = max(len(sample) // 2, 1)
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    return max(nul_even, nul_odd) > 0.3 * half


def check_not_empty(file: str, data: bytes) -> None:
    if not data:
        raise DeliveryRejected(file, "leeg bestand (0 bytes)")


def decode_csv(file: str, data: bytes) -> Text:
    """Reject what is not a `;`-text file; decode UTF-8 (BOM or not) or else Windows-1252."""
    check_not_empty(file, data)
    sample = data[:_SAMPLE]
    if _looks_utf16(sample):
        raise DeliveryRejected(
            file, "UTF-16 wordt niet ondersteund: sla op als UTF-8 of Windows-1252"
        )
    if data.startswith(ZIP_MAGIC):
        raise DeliveryRejected(
            file, "bestand heet .csv maar is een Excel- of zip-bestand; lever een CSV-tekstbestand"
        )
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in data or controls > max(len(sample) // 100, 2):
        raise DeliveryRejected(
            file, "binair bestand (bevat NUL- of stuurtekens), geen CSV-tekstbestand"
        )
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if _is_utf8(body):
        return Text(body, "utf-8")
    return Text(_cp1252_to_utf8(body), "cp1252")


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 check in chunks, so a large file is never held as one str as well."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    try:
        for at in range(0, len(data), _CHUNK):
            decoder.decode(view[at : at + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _cp1252_to_utf8(data: bytes) -> bytes:
    """Windows-1252 to UTF-8; without bytes 0x80-0x9F it equals Latin-1, which decodes fast."""
    if len(data.translate(None, _C1)) == len(data):
        return data.decode("latin-1").encode("utf-8")
    return data.decode("cp1252", errors="iob_cp1252").encode("utf-8")
