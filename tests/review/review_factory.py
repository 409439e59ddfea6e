"""A tiny data folder for the review page, built inline: three municipalities, a few signals,
mentions, one uncertain pair per municipality, lake rows; plus users and a logged-in client."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pyotp
from starlette.testclient import TestClient

from iob.settings import load_settings
from review.app import create_app
from review.data import pair_id
from review.users import UserStore

PASSWORD = "een-lang-genoeg-wachtwoord"
XSS = "<script>alert(1)</script>"
OWN, OTHER, THIRD = "GM0994", "GM1729", "GM0981"  # Valkenburg, Gulpen-Wittem, Vaals


def _signal(sid: str, gems: list[str], evidence: list[str], entities: list[str], score: float,
            bibob: bool = False, rule: str = "heling.veelaanbieder") -> dict[str, object]:
    return {"signal_id": sid, "rule": rule, "titel": f"Titel {sid}", "gemeentecodes": gems,
            "bovenlokaal": len(gems) > 1, "score": score, "entity_ids": entities,
            "evidence": evidence, "toelichting": f"Toelichting van {sid} met cijfers 7 > 5.",
            "eerste_datum": date(2026, 1, 5), "laatste_datum": date(2026, 3, 1),
            "bibob": bibob, "status": "nieuw"}


def _mention(register: str, record: str, entity: str, gem: str, achternaam: str,
             role: str = "verkoper") -> dict[str, object]:
    return {"mention_id": f"{register}:{record}:{role}:1", "register": register,
            "record_id": record, "role": role, "entity_type": "persoon", "entity_id": entity,
            "confidence": 0.9, "gemeentecode": gem, "datum": date(2026, 2, 1),
            "achternaam": achternaam, "tussenvoegsel": None, "voornamen": "Jan",
            "geboortedatum": date(1980, 1, 1), "naam": None, "kvk": None, "straat": "Markt",
            "postcode": "6301 AA", "huisnummer": 1, "toevoeging": None,
            "woonplaats": "Valkenburg", "land": "NL", "id_hash": "ab" * 32}


SIGNALS = [
    _signal("s-own", [OWN], ["dor:D1"], ["P-1"], 0.9),
    _signal("s-other", [OTHER], ["dor:D2"], ["P-2"], 0.8),
    _signal("s-bov", [OWN, THIRD], ["dor:D1", "dor:D3"], ["P-1", "P-3"], 0.7,
            rule="netwerk.bovenlokaal_cluster"),
    _signal("s-bib", [OTHER], ["bibob:B1", "dor:D2"], ["P-5", "P-2"], 0.6, bibob=True,
            rule="bibob.financier"),
]
MENTIONS = [
    _mention("dor", "D1", "P-1", OWN, XSS),
    _mention("dor", "D2", "P-2", OTHER, "Peters"),
    _mention("dor", "D3", "P-3", THIRD, "Derksen"),
    _mention("dor", "D4", "P-4", OWN, "Jansen"),
    _mention("dor", "D5", "P-6", OTHER, "Pieters"),
    _mention("bibob", "B1", "P-5", OTHER, "Bibobsen", role="aanvrager"),
]
PAIR_OWN = pair_id("dor:D1:verkoper:1", "dor:D4:verkoper:1")
PAIR_OTHER = pair_id("dor:D2:verkoper:1", "dor:D5:verkoper:1")


def build_data(data: Path) -> Path:
    (data / "signals").mkdir(parents=True)
    (data / "entities").mkdir(parents=True)
    pl.DataFrame(SIGNALS).write_parquet(data / "signals" / "signals.parquet")
    pl.DataFrame(MENTIONS).write_parquet(data / "entities" / "mentions.parquet")
    pl.DataFrame([
        {"mention_a": "dor:D1:verkoper:1", "mention_b": "dor:D4:verkoper:1", "entity_a": "P-1",
         "entity_b": "P-4", "kans": 0.6, "redenen": "voorletters gelijk; achternaam anders"},
        {"mention_a": "dor:D2:verkoper:1", "mention_b": "dor:D5:verkoper:1", "entity_a": "P-2",
         "entity_b": "P-6", "kans": 0.7, "redenen": "achternaam lijkt (jaro 0,93)"},
    ]).write_parquet(data / "entities" / "review_queue.parquet")
    dor = pl.DataFrame([{"registratienummer": m["record_id"], "gemeentecode": m["gemeentecode"],
                         "verkoper_achternaam": m["achternaam"], "verkoper_voornamen": "Jan",
                         "verkoper_id_type": "paspoort", "verkoper_id_nummer": "cd" * 32,
                         "prijs": 120.5, "datum_verkrijging": date(2026, 2, 1)}
                        for m in MENTIONS if m["register"] == "dor"])
    (data / "lake" / "dor").mkdir(parents=True)
    dor.write_parquet(data / "lake" / "dor" / "current.parquet")
    (data / "lake" / "bibob_dossiers").mkdir(parents=True)
    pl.DataFrame([{"dossiernummer": "B1", "gemeentecode": OTHER, "besluit": "weigering",
                   "mate_van_gevaar": "ernstig"}]).write_parquet(
        data / "lake" / "bibob_dossiers" / "current.parquet")
    return data


def add_user(data: Path, login: str, rol: str, gemeente: str) -> str:
    """Create a user; returns its TOTP secret."""
    uri = UserStore(load_settings(data)).add(login, rol, gemeente, PASSWORD)
    match = re.search(r"secret=([A-Z2-7]+)", uri)
    assert match
    return match.group(1)


def client(data: Path, demo: bool = False) -> TestClient:
    return TestClient(create_app(load_settings(data), demo=demo), follow_redirects=False)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(c: TestClient, login_name: str, secret: str, password: str = PASSWORD,
          code: str | None = None) -> int:
    page = c.get("/login")
    response = c.post("/login", data={
        "gebruikersnaam": login_name, "wachtwoord": password,
        "code": pyotp.TOTP(secret).now() if code is None else code,
        "csrf": csrf_of(page.text)})
    return response.status_code


def page_csrf(c: TestClient) -> str:
    """The session's CSRF token, read from any logged-in page."""
    return csrf_of(c.get("/", follow_redirects=True).text)
