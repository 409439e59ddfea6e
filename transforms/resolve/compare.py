"""Dutch-aware comparisons of two person mentions, each with a score and a Dutch reason.

One definition, vectorised: :func:`person_levels` compares aligned frames of
:func:`transforms.resolve.features.person_features` row by row and gives one outcome level
per comparison. :data:`LEVELS` maps each level to its similarity score in [0, 1] and its
reason. The scalar ``compare_*`` functions run the same code on one pair, for explanations
and tests. Every comparison is symmetric.

A level in :data:`CONFLICTS` means "clearly two different people": such a pair is never
linked by the resolver, whatever else agrees (a shared ID number included).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from transforms.resolve.features import FEATURES, person_features

COMPARISONS: tuple[str, ...] = (
    "achternaam",
    "voornaam",
    "geboortedatum",
    "adres",
    "woonplaats",
    "id",
    "context",
    "id_soort",
)

# comparison -> level -> (score, reason). Level 0 is always "missing on one side" (neutral).
LEVELS: dict[str, dict[int, tuple[float, str]]] = {
    "achternaam": {
        0: (0.5, "achternaam ontbreekt"),
        1: (1.0, "achternaam gelijk"),
        2: (0.9, "voor- en achternaam verwisseld"),
        3: (0.8, "achternaam bijna gelijk (tikfout)"),
        4: (0.6, "achternaam lijkt op elkaar"),
        5: (0.0, "achternaam verschilt"),
    },
    "voornaam": {
        0: (0.5, "voornaam ontbreekt"),
        1: (1.0, "eerste voornaam gelijk"),
        2: (0.85, "voornaam bijna gelijk (tikfout)"),
        3: (0.8, "voorletter(s) passen bij de voornaam"),
        4: (0.75, "voorletters gelijk"),
        5: (0.6, "voorletters verenigbaar"),
        6: (0.0, "voornamen verschillen duidelijk"),
        7: (0.85, "alle voorletters gelijk en passend bij de voornaam"),
    },
    "geboortedatum": {
        0: (0.5, "geboortedatum ontbreekt"),
        1: (1.0, "geboortedatum gelijk"),
        2: (0.8, "geboortedatum met dag en maand verwisseld"),
        3: (0.7, "geboortedatum op één cijfer na gelijk"),
        4: (0.0, "geboortedatum verschilt"),
    },
    "adres": {
        0: (0.5, "adres ontbreekt"),
        1: (1.0, "zelfde adres (postcode, huisnummer, toevoeging)"),
        2: (0.85, "zelfde postcode en huisnummer, toevoeging anders"),
        3: (0.6, "zelfde postcode, huisnummer anders of onbekend"),
        4: (0.2, "ander adres"),
    },
    "woonplaats": {
        0: (0.5, "woonplaats ontbreekt"),
        1: (1.0, "zelfde woonplaats"),
        2: (0.3, "andere woonplaats"),
    },
    "id": {
        0: (0.5, "ID-nummer ontbreekt"),
        1: (1.0, "zelfde ID-nummer"),
        2: (0.3, "ander ID-nummer"),
        3: (0.1, "ander ID-nummer op hetzelfde soort ID-bewijs"),
    },
    "context": {
        0: (0.5, "niet bij hetzelfde soort bedrijf geregistreerd"),
        1: (1.0, "geregistreerd bij hetzelfde bedrijf (logies of opkoper)"),
        2: (0.4, "geregistreerd bij een ander bedrijf van hetzelfde register"),
    },
    "id_soort": {
        0: (0.5, "soort ID-bewijs ontbreekt of ID-nummers vergeleken"),
        1: (1.0, "zelfde soort ID-bewijs"),
        2: (0.3, "ander soort ID-bewijs"),
    },
}
CONFLICTS: dict[str, int] = {"voornaam": 6, "geboortedatum": 4}

SURNAME_CLOSE = 0.94
SURNAME_LIKE = 0.88
FIRSTNAME_CLOSE = 0.90


def _jw(a: pl.Series, b: pl.Series, need: pl.Series) -> pl.Series:
    """Jaro-Winkler similarity of ``a[i]`` and ``b[i]`` where ``need`` (else null)."""
    mask = need.fill_null(False)
    out = pl.Series("jw", [None] * a.len(), dtype=pl.Float64)
    if not mask.any():
        return out
    idx = mask.arg_true()
    sims = process.cpdist(
        a.gather(idx).to_list(),
        b.gather(idx).to_list(),
        scorer=JaroWinkler.normalized_similarity,
        workers=-1,
    )
    return out.scatter(idx, pl.Series(sims, dtype=pl.Float64))


def person_levels(left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """One Int8 level column per comparison (see :data:`LEVELS`) for row i of ``left``
    against row i of ``right`` (both frames of :data:`FEATURES` columns, same length)."""
    both = pl.concat(
        [
            left.select(FEATURES).rename(lambda c: c + "_l"),
            right.select(FEATURES).rename(lambda c: c + "_r"),
        ],
        how="horizontal",
    )
    c = pl.col
    n = both.height
    # --- achternaam: tussenvoegsel-insensitive, then the glued full form
    sur_exact = both.select((c("an_l") == c("an_r")) | (c("full_l") == c("full_r"))).to_series()
    sur_need = (
        (~sur_exact.fill_null(False)) & both["an_l"].is_not_null() & both["an_r"].is_not_null()
    )
    jw_an = _jw(both["an_l"], both["an_r"], sur_need)
    jw_full = _jw(both["full_l"], both["full_r"], sur_need)
    sur_sim = pl.select(pl.max_horizontal(jw_an, jw_full)).to_series()
    # swapped first and last name: both crossings alike
    swap_need = (
        sur_need
        & (sur_sim < SURNAME_CLOSE).fill_null(True)
        & both["vn1_l"].is_not_null()
        & both["vn1_r"].is_not_null()
    )
    sw1 = _jw(both["an_l"], both["vn1_r"], swap_need)
    sw2 = _jw(both["vn1_l"], both["an_r"], swap_need)
    swapped = ((sw1 >= SURNAME_CLOSE) & (sw2 >= SURNAME_CLOSE)).fill_null(False)
    # --- voornaam: written-out names by similarity, initials by compatibility
    fn_need = both.select(
        c("vn1_l").is_not_null() & c("vn1_r").is_not_null() & (c("vn1_l") != c("vn1_r"))
    ).to_series()
    jw_fn = _jw(both["vn1_l"], both["vn1_r"], fn_need)
    both = both.with_columns(
        sur_exact.alias("_sx"),
        sur_sim.alias("_ss"),
        swapped.alias("_sw"),
        jw_fn.alias("_fj"),
    )
    ini_l, ini_r = c("ini_l"), c("ini_r")
    ini_compat = (ini_l == ini_r) | ini_l.str.starts_with(ini_r) | ini_r.str.starts_with(ini_l)
    full_l, full_r = c("vn1_l").is_not_null(), c("vn1_r").is_not_null()
    voornaam = (
        pl.when(c("_sw"))
        .then(1)
        .when(ini_l.is_null() | ini_r.is_null())
        .then(0)
        .when(full_l & full_r)
        .then(
            pl.when(c("vn1_l") == c("vn1_r"))
            .then(1)
            .when(c("_fj") >= FIRSTNAME_CLOSE)
            .then(2)
            .otherwise(6)
        )
        .when(~ini_compat)
        .then(6)
        .when((full_l | full_r) & (ini_l == ini_r) & (ini_l.str.len_chars() > 1))
        .then(7)
        .when(full_l | full_r)
        .then(3)
        .when(ini_l == ini_r)
        .then(4)
        .otherwise(5)
    )
    achternaam = (
        pl.when(c("an_l").is_null() | c("an_r").is_null())
        .then(0)
        .when(c("_sx"))
        .then(1)
        .when(c("_sw"))
        .then(2)
        .when(c("_ss") >= SURNAME_CLOSE)
        .then(3)
        .when(c("_ss") >= SURNAME_LIKE)
        .then(4)
        .otherwise(5)
    )
    # --- geboortedatum: exact, day/month swapped, one digit off
    gl, gr = c("gd_l"), c("gd_r")
    hamming = pl.sum_horizontal(
        [(gl.str.slice(i, 1) != gr.str.slice(i, 1)).cast(pl.Int8) for i in range(8)]
    )
    dm_swap = (
        (gl.str.slice(0, 4) == gr.str.slice(0, 4))
        & (gl.str.slice(4, 2) == gr.str.slice(6, 2))
        & (gl.str.slice(6, 2) == gr.str.slice(4, 2))
    )
    geboortedatum = (
        pl.when(gl.is_null() | gr.is_null())
        .then(0)
        .when(gl == gr)
        .then(1)
        .when(dm_swap)
        .then(2)
        .when(hamming == 1)
        .then(3)
        .otherwise(4)
    )
    adres = (
        pl.when(c("pc_l").is_null() | c("pc_r").is_null())
        .then(0)
        .when(c("pc_l") != c("pc_r"))
        .then(4)
        .when(c("hn_l").is_null() | c("hn_r").is_null())
        .then(3)
        .when(c("hn_l") != c("hn_r"))
        .then(3)
        .when(c("toev_l").eq_missing(c("toev_r")))
        .then(1)
        .otherwise(2)
    )
    woonplaats = (
        pl.when(c("wp_l").is_null() | c("wp_r").is_null())
        .then(0)
        .when(c("wp_l") == c("wp_r"))
        .then(1)
        .otherwise(2)
    )
    ident = (
        pl.when(c("idh_l").is_null() | c("idh_r").is_null())
        .then(0)
        .when(c("idh_l") == c("idh_r"))
        .then(1)
        .when(c("idt_l") == c("idt_r"))
        .then(3)
        .otherwise(2)
    )
    # --- context: the same host (a returning guest) or dealer; another one of the same register
    xl, xr = c("ctx_l"), c("ctx_r")
    context = (
        pl.when(xl.is_null() | xr.is_null())
        .then(0)
        .when(xl == xr)
        .then(1)
        .when(xl.str.split(":").list.first() == xr.str.split(":").list.first())
        .then(2)
        .otherwise(0)
    )
    # --- kind of ID document: only where the numbers cannot be compared (a shared number
    # already means one document, two numbers already mean two documents)
    tl, tr = c("idt_l"), c("idt_r")
    id_soort = (
        pl.when(tl.is_null() | tr.is_null() | (ident != 0))
        .then(0)
        .when(tl == tr)
        .then(1)
        .otherwise(2)
    )
    out = both.select(
        achternaam.cast(pl.Int8).alias("achternaam"),
        voornaam.cast(pl.Int8).alias("voornaam"),
        geboortedatum.cast(pl.Int8).alias("geboortedatum"),
        adres.cast(pl.Int8).alias("adres"),
        woonplaats.cast(pl.Int8).alias("woonplaats"),
        ident.cast(pl.Int8).alias("id"),
        context.cast(pl.Int8).alias("context"),
        id_soort.cast(pl.Int8).alias("id_soort"),
    )
    assert out.height == n
    return out


def conflict_expr() -> pl.Expr:
    """True where a level frame says "clearly two different people"."""
    return pl.any_horizontal([pl.col(k) == v for k, v in CONFLICTS.items()])


def reasons_expr(comparisons: tuple[str, ...] = COMPARISONS) -> pl.Expr:
    """The Dutch reasons of a level frame, ``; ``-joined, neutral (missing) ones left out."""
    parts = []
    for comp in comparisons:
        texts = {lvl: reason for lvl, (_, reason) in LEVELS[comp].items() if lvl != 0}
        parts.append(
            pl.col(comp).replace_strict(
                list(texts),
                list(texts.values()),
                default=None,
                return_dtype=pl.String,
            )
        )
    return pl.concat_list(parts).list.drop_nulls().list.join("; ")


@dataclass(frozen=True)
class Person:
    """One person mention in cleaned form (the ``*_norm`` columns of the cleaner)."""

    achternaam_norm: str | None = None
    tussenvoegsel_norm: str | None = None
    voornamen_norm: str | None = None
    initialen: str | None = None
    geboortedatum: str | None = None  # ISO yyyy-mm-dd
    postcode: str | None = None
    huisnummer: int | None = None
    toevoeging: str | None = None
    woonplaats: str | None = None
    land: str | None = None
    id_hash: str | None = None
    context: str | None = None  # ``register:kvk`` where the person was registered
    id_type: str | None = None  # kind of ID document


def _frame(p: Person) -> pl.DataFrame:
    row = {k: getattr(p, k) for k in Person.__dataclass_fields__ if k != "geboortedatum"}
    frame = pl.DataFrame(
        [row],
        schema={
            **{k: pl.String for k in row},
            "huisnummer": pl.Int64,
        },
    )
    gd = pl.Series("geboortedatum", [p.geboortedatum], dtype=pl.String).str.to_date(
        "%Y-%m-%d", strict=False
    )
    return person_features(frame.with_columns(gd))


def compare(a: Person, b: Person) -> dict[str, tuple[float, str]]:
    """Every comparison of ``a`` and ``b``: ``{name: (score, reason)}``."""
    levels = person_levels(_frame(a), _frame(b)).row(0, named=True)
    return {comp: LEVELS[comp][int(levels[comp])] for comp in COMPARISONS}


def compare_achternaam(a: Person, b: Person) -> tuple[float, str]:
    """Achternaam, tussenvoegsel-insensitive, diacritics folded, typos by Jaro-Winkler,
    swapped first/last names recognised."""
    return compare(a, b)["achternaam"]


def compare_voornaam(a: Person, b: Person) -> tuple[float, str]:
    """First name against first name or initials: ``J.`` fits ``Jan``, ``J.P.`` not
    ``Pieter``; two different written-out names are a conflict."""
    return compare(a, b)["voornaam"]


def compare_geboortedatum(a: Person, b: Person) -> tuple[float, str]:
    """Birth date: exact, day/month swapped, one digit off; missing is neutral."""
    return compare(a, b)["geboortedatum"]


def compare_adres(a: Person, b: Person) -> tuple[float, str]:
    """Address: postcode + huisnummer + toevoeging."""
    return compare(a, b)["adres"]


def compare_id(a: Person, b: Person) -> tuple[float, str]:
    """Hash of the ID-document number: strong evidence, never a match on its own."""
    return compare(a, b)["id"]


def compare_context(a: Person, b: Person) -> tuple[float, str]:
    """Where the mentions were registered: the same host or dealer (a returning guest, a
    regular seller), another business of the same register, or not comparable."""
    return compare(a, b)["context"]


def compare_id_soort(a: Person, b: Person) -> tuple[float, str]:
    """The kind of ID document shown, where the numbers cannot be compared: people mostly
    show the same kind; another kind is weak evidence of another person."""
    return compare(a, b)["id_soort"]
