"""Synthetic person mentions with known truth, for bench/er.py (until the demo truth is there).

Persons live in households (shared surname and address), ~1.5% have a twin (same surname,
birth date and address, another first name), surnames follow a Zipf law (many namesakes).
Each person is mentioned a few times in register styles (DOR: full data; nachtregister:
initials, rarely a birth date; Bibob: full names; Damocles: occupant at the premises), with
noise: initials instead of first names, typos, a dropped tussenvoegsel, swapped names,
day/month swaps, a digit typo in the birth date, moves, and borrowed ID documents.
Output columns are the clean-frame forms the resolver reads (``*_norm``, ``initialen``...).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import polars as pl

_COMMON = [
    ("", "jong"), ("", "jansen"), ("de", "vries"), ("van den", "berg"), ("van", "dijk"),
    ("", "bakker"), ("", "janssen"), ("", "visser"), ("", "smit"), ("", "meijer"),
    ("de", "boer"), ("", "mulder"), ("de", "groot"), ("", "bos"), ("", "vos"),
    ("", "peters"), ("", "hendriks"), ("van", "leeuwen"), ("", "dekker"), ("", "brouwer"),
    ("de", "wit"), ("", "dijkstra"), ("", "smits"), ("de", "graaf"), ("van der", "meer"),
    ("van der", "linden"), ("", "kok"), ("", "jacobs"), ("de", "haan"), ("", "vermeulen"),
    ("van den", "heuvel"), ("van der", "veen"), ("van den", "broek"), ("de", "bruijn"),
    ("de", "bruin"), ("van der", "heijden"), ("", "schouten"), ("van", "beek"),
    ("", "willems"), ("van", "vliet"), ("van de", "ven"), ("", "hoekstra"), ("", "maas"),
    ("", "verhoeven"), ("", "koster"), ("van", "dam"), ("van der", "wal"), ("", "prins"),
    ("", "blom"), ("", "huisman"), ("", "yilmaz"), ("el", "amrani"), ("", "kaya"),
]
_SYL = ["ber", "ka", "lin", "mo", "sen", "dri", "van", "hof", "ker", "stra", "te", "wel",
        "bo", "gen", "ma", "rik", "tel", "hui", "zen", "dam", "loo", "ver", "schu", "ten"]
_FIRST = [
    "jan", "johannes", "cornelis", "pieter", "hendrik", "willem", "gerrit", "maria",
    "anna", "johanna", "elisabeth", "cornelia", "daan", "sem", "lucas", "levi", "finn",
    "emma", "julia", "tess", "sophie", "mila", "noah", "mohamed", "ahmed", "fatima",
    "sanne", "lisa", "kevin", "dennis", "mark", "peter", "marco", "sandra", "monique",
    "joost", "jeroen", "bas", "thijs", "ruud", "ingrid", "anouk", "femke", "kees", "henk",
    "wim", "ria", "joke", "erik", "tom", "rick", "bram", "koen", "lotte", "eva", "iris",
]


def _typo(rng: np.random.Generator, s: str) -> str:
    if len(s) < 3:
        return s
    i = int(rng.integers(1, len(s)))
    kind = int(rng.integers(0, 3))
    if kind == 0:  # substitution
        return s[:i] + "aeioulnrst"[int(rng.integers(0, 10))] + s[i + 1:]
    if kind == 1:  # deletion
        return s[:i] + s[i + 1:]
    return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]  # transposition


def synthetic_mentions(n_mentions: int, seed: int = 7) -> pl.DataFrame:
    """``n_mentions`` person mentions with the resolver's columns plus ``person_key``."""
    rng = np.random.default_rng(seed)
    n_persons = max(2, int(n_mentions / 3.2))
    extra = [("", "".join(rng.choice(_SYL, size=int(rng.integers(2, 4)))))
             for _ in range(max(2000, n_persons // 20))]
    surnames = _COMMON + extra
    zipf = 1.0 / np.arange(1, len(surnames) + 1) ** 0.9
    zipf /= zipf.sum()
    firsts = _FIRST + ["".join(rng.choice(_SYL, size=2)) for _ in range(800)]
    fz = 1.0 / np.arange(1, len(firsts) + 1) ** 0.7
    fz /= fz.sum()
    # households of 1-4 persons sharing surname and address
    hh_size = rng.choice([1, 1, 2, 2, 3, 4], size=n_persons)
    hh = np.repeat(np.arange(n_persons), hh_size)[:n_persons]
    n_hh = int(hh.max()) + 1
    hh_sur = rng.choice(len(surnames), size=n_hh, p=zipf)
    hh_pc = np.array([f"{rng.integers(1000, 9999)}{chr(65 + rng.integers(0, 26))}"
                      f"{chr(65 + rng.integers(0, 26))}" for _ in range(n_hh)])
    hh_hn = rng.integers(1, 200, size=n_hh)
    hh_wp = rng.integers(0, 60, size=n_hh)
    sur = hh_sur[hh]
    first = rng.choice(len(firsts), size=n_persons, p=fz)
    second = rng.choice(len(firsts), size=n_persons, p=fz)
    base = dt.date(1940, 1, 1).toordinal()
    dob = base + rng.integers(0, 65 * 365, size=n_persons)
    twin = rng.random(n_persons) < 0.015  # person i+1 becomes the twin of person i
    for i in np.flatnonzero(twin[:-1]):
        hh[i + 1] = hh[i]
        sur[i + 1] = sur[i]
        dob[i + 1] = dob[i]
        while first[i + 1] == first[i]:
            first[i + 1] = rng.choice(len(firsts), p=fz)
    has_id = rng.random(n_persons) < 0.8
    # mentions: person of each mention, Zipf-ish counts
    owner = np.sort(rng.choice(n_persons, size=n_mentions, replace=True))
    style = rng.choice(4, size=n_mentions, p=[0.45, 0.3, 0.05, 0.2])
    moved = rng.random(n_mentions) < 0.15
    rows: dict[str, list[object]] = {k: [] for k in (
        "mention_id", "achternaam_norm", "tussenvoegsel_norm", "voornamen_norm", "initialen",
        "geboortedatum", "postcode", "huisnummer", "toevoeging", "woonplaats", "id_hash",
        "person_key")}
    r = rng.random((n_mentions, 12))
    for m in range(n_mentions):
        p = int(owner[m])
        h = int(hh[p])
        tv, an = surnames[int(sur[p])]
        fn = firsts[int(first[p])]
        names = [fn] + ([firsts[int(second[p])]] if r[m, 0] < 0.4 else [])
        st = int(style[m])
        if r[m, 1] < 0.03:
            an = _typo(rng, an)
        if r[m, 2] < 0.02:
            names[0] = _typo(rng, names[0])
        if tv and r[m, 3] < 0.08:
            tv = ""
        initials_only = r[m, 4] < (0.55 if st == 1 else 0.2 if st == 0 else 0.05)
        vn = " ".join(x[0] for x in names) if initials_only else " ".join(names)
        ini = "".join(x[0] for x in names)
        if r[m, 5] < 0.01 and not initials_only:  # swapped first and last name
            an, vn, tv, ini = names[0], an, "", an[0]
        gd: dt.date | None = dt.date.fromordinal(int(dob[p]))
        dob_p = [0.95, 0.3, 0.95, 0.6][st]
        if r[m, 6] > dob_p:
            gd = None
        elif r[m, 7] < 0.01 and gd.day <= 12:
            gd = dt.date(gd.year, gd.day, gd.month)
        elif r[m, 7] > 0.99:
            gd = dt.date(gd.year, gd.month, min(28, gd.day % 10 * 1 + (gd.day // 10) * 10 + 1))
        addr_p = [0.9, 0.15, 0.7, 1.0][st]
        pc: str | None = None
        hn: int | None = None
        if r[m, 8] < addr_p:
            hh_m = h if not moved[m] else int(rng.integers(0, n_hh))
            pc, hn = str(hh_pc[hh_m]), int(hh_hn[hh_m])
        wp = f"plaats{hh_wp[h]}" if r[m, 9] < [0.9, 1.0, 0.8, 1.0][st] else None
        idp = [0.85, 0.4, 0.0, 0.0][st]
        idh: str | None = None
        if has_id[p] and r[m, 10] < idp:
            owner_id = p if r[m, 11] > 0.003 else int(rng.integers(0, n_persons))
            idh = hashlib.sha1(f"id{owner_id}".encode()).hexdigest()[:16]
        rows["mention_id"].append(f"m{m:07d}")
        rows["achternaam_norm"].append(an)
        rows["tussenvoegsel_norm"].append(tv or None)
        rows["voornamen_norm"].append(vn)
        rows["initialen"].append(ini)
        rows["geboortedatum"].append(gd)
        rows["postcode"].append(pc)
        rows["huisnummer"].append(hn)
        rows["toevoeging"].append(None)
        rows["woonplaats"].append(wp)
        rows["id_hash"].append(idh)
        rows["person_key"].append(f"p{p}")
    return pl.DataFrame(rows, schema={
        "mention_id": pl.String, "achternaam_norm": pl.String,
        "tussenvoegsel_norm": pl.String, "voornamen_norm": pl.String, "initialen": pl.String,
        "geboortedatum": pl.Date, "postcode": pl.String, "huisnummer": pl.Int64,
        "toevoeging": pl.String, "woonplaats": pl.String, "id_hash": pl.String,
        "person_key": pl.String,
    })
