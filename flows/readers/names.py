"""Delivery file names: ``<register>_<GMcode>_<yyyymmdd>[_<anything>].<csv|xlsx>``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from iob.errors import DeliveryRejected
from transforms.schema import REGISTERS

EXTENSIONS = ("csv", "xlsx")
EXPECTED = (
    "verwacht <register>_<GMcode>_<jjjjmmdd>[_<vrij>].csv of .xlsx, bijv. dor_GM0994_20260301.csv"
)
_GM = re.compile(r"GM\d{4}", re.IGNORECASE)
_DATE = re.compile(r"\d{8}")


@dataclass(frozen=True)
class DeliveryName:
    register: str
    gemeentecode: str
    delivery_date: date
    extension: str


def _reject(name: str, cause: str) -> DeliveryRejected:
    return DeliveryRejected(name, f"{cause}; {EXPECTED}")


def _parse_date(name: str, text: str) -> date:
    if not _DATE.fullmatch(text):
        raise _reject(
            name, f"leveringsdatum (jjjjmmdd) ontbreekt in bestandsnaam (gevonden '{text}')"
        )
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise _reject(name, f"leveringsdatum '{text}' in bestandsnaam bestaat niet") from None


def parse_delivery_name(name: str) -> DeliveryName:
    """Split a delivery file name into register, delivering municipality, date and extension.

    Raises `DeliveryRejected` naming the part that is missing and how the name should look.
    """
    stem, dot, ext = name.rpartition(".")
    ext = ext.lower()
    if not dot or ext not in EXTENSIONS:
        raise _reject(name, "bestandsnaam moet eindigen op .csv of .xlsx")
    parts = stem.split("_")
    register = parts[0].strip().lower()
    if register not in REGISTERS:
        known = ", ".join(REGISTERS)
        cause = (
            "register ontbreekt in bestandsnaam"
            if _GM.fullmatch(register) or not register
            else f"onbekend register '{parts[0]}' in bestandsnaam (bekend: {known})"
        )
        raise _reject(name, cause)
    if len(parts) < 2 or not _GM.fullmatch(parts[1]):
        found = f" (gevonden '{parts[1]}')" if len(parts) >= 2 else ""
        raise _reject(name, f"GM-code (GM + 4 cijfers) ontbreekt in bestandsnaam{found}")
    if len(parts) < 3:
        raise _reject(name, "leveringsdatum (jjjjmmdd) ontbreekt in bestandsnaam")
    delivered = _parse_date(name, parts[2])
    return DeliveryName(register, parts[1].upper(), delivered, ext)
