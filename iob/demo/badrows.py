"""A handful of genuinely bad background rows, so that the quarantine is exercised.

Never a planted row: those are evidence. The formula and HTML names are not rejected by
the contract (stored as text, neutralised on output) but belong to the same family.
"""

from __future__ import annotations

from datetime import timedelta

from iob.demo.calendar import delivery_for
from iob.demo.people import is_bsn_like
from iob.demo.world import Mention, Record, Value, World


def _bsn_like(w: World) -> str:
    while True:
        value = str(w.rng.randint(100_000_000, 999_999_999))
        if is_bsn_like(value):
            return value


def _fresh_person(w: World, by_record: dict[int, Mention], rec: Record) -> None:
    """The spoilt name is nobody's real spelling: give that mention its own person."""
    m = by_record[rec.seq]
    m.person = w.pop.person(m.person.nationaliteit, m.person.address)


def spoil(w: World) -> None:
    rng = w.rng
    by_record = {m.record.seq: m for m in w.mentions}
    pool = {t: [r for r in w.records if r.table == t and not r.planted]
            for t in ("dor", "nachtregister", "damocles")}
    dor = rng.sample(pool["dor"], min(9, len(pool["dor"])))
    edits: tuple[tuple[str, Value], ...] = (
        ("datum_verkrijging", "future"),
        ("datum_verkrijging", "31-02-2026"),
        ("categorie", "drone"),
        ("prijs", -25.0),
        ("gemeentecode", "GM0935"),
        ("verkoper_id_nummer", "bsn"),
        ("verkoper_achternaam", '=HYPERLINK("x")'),
        ("verkoper_voornamen", "<script>alert(1)</script>"),
    )
    for rec, (col, value) in zip(dor, edits, strict=False):
        if value == "future":
            rec.values[col] = delivery_for("dor", rec.gemeente, rec.day) + timedelta(days=3)
        elif value == "bsn":
            rec.values[col] = _bsn_like(w)
        else:
            rec.values[col] = value
        if col.startswith("verkoper_") and col != "verkoper_id_nummer":
            _fresh_person(w, by_record, rec)
    if len(dor) == 9:
        dor[8].duplicate = True
    nr = rng.sample(pool["nachtregister"], min(2, len(pool["nachtregister"])))
    if nr:
        nr[0].values["aankomst"] = delivery_for("nachtregister", nr[0].gemeente,
                                                nr[0].day) + timedelta(days=2)
    if len(nr) > 1:
        nr[1].values["aantal_personen"] = 0
    if pool["damocles"]:
        rng.choice(pool["damocles"]).values["pand_type"] = "garage"
