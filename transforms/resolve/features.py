"""The comparison fields of a person mention, in the compact form the comparisons read.

| column | from | form |
|---|---|---|
| ``an`` | ``achternaam_norm`` | folded achternaam without tussenvoegsel |
| ``full`` | tussenvoegsel + achternaam | the same, glued without spaces (``vandijk``) |
| ``vn1`` | ``voornamen_norm`` | first first name when written out (``jan``), else null |
| ``ini`` | ``initialen`` | initials, letters only (``jp``) |
| ``gd`` | ``geboortedatum`` | ``yyyymmdd`` text |
| ``pc`` | ``land`` + ``postcode`` | ``NL1234AB``, ``BE3000`` |
| ``hn``, ``toev`` | ``huisnummer``, ``toevoeging`` | number text; toevoeging upper, alnum only |
| ``wp`` | ``woonplaats`` | folded, single-spaced |
| ``idh`` | ``id_hash`` | the keyed hash of the ID-document number |
| ``fon`` | ``an`` | a Dutch phonetic key of the achternaam (for blocking) |
| ``idt`` | ``id_type`` | the kind of ID document (``paspoort``, ``rijbewijs``, ...) |
| ``ctx`` | ``context`` | ``register:kvk`` of the guest's host or the seller's dealer |
"""

from __future__ import annotations

import polars as pl

FEATURES: tuple[str, ...] = (
    "an",
    "full",
    "vn1",
    "ini",
    "gd",
    "pc",
    "hn",
    "toev",
    "wp",
    "idh",
    "fon",
    "ctx",
    "idt",
)

# Dutch sound-alikes, applied in order to a folded lower-case surname.
_PHONETIC: tuple[tuple[str, str], ...] = (
    (r"[^a-z]", ""),
    (r"ij|ei|y", "i"),
    (r"au|ou", "o"),
    (r"sch", "s"),
    (r"ch|g", "g"),
    (r"ck|c|q", "k"),
    (r"ph|v", "f"),
    (r"dt|d$", "t"),
    (r"z", "s"),
    (r"w", "f"),
    (r"h", ""),
    (r"(.)[aeiou]+", "$1"),
    *((f"{ch}{ch}+", ch) for ch in "bdfgklmnprst"),
)


def _text(col: str, present: set[str]) -> pl.Expr:
    if col not in present:
        return pl.lit(None, dtype=pl.String)
    return pl.col(col).cast(pl.String)


def phonetic(expr: pl.Expr) -> pl.Expr:
    """A coarse Dutch phonetic key (``Jansen``/``Janssen``/``Jantsen`` agree; vowels after
    the first letter dropped)."""
    out = expr.str.to_lowercase()
    for pattern, repl in _PHONETIC:
        out = out.str.replace_all(pattern, repl)
    return out


def _per_value(frame: pl.DataFrame, source: str, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
    """``exprs`` over ``pl.col("v")`` computed once per distinct value of ``frame[source]``
    (names and places repeat a lot), joined back in row order."""
    col = frame.select(pl.col(source).alias("v"))
    table = col.unique().with_columns(**exprs)
    joined = col.join(table, on="v", how="left", nulls_equal=True, maintain_order="left")
    return joined.drop("v")


def fold(expr: pl.Expr) -> pl.Expr:
    """Lower case without diacritics (``Würselen`` -> ``wurselen``, ``Łódź`` -> ``lodz``)."""
    return (
        expr.str.to_lowercase()
        .str.replace_all("ł", "l", literal=True)
        .str.replace_all("ø", "o", literal=True)
        .str.replace_all("ß", "ss", literal=True)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
    )


def _empty_null(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_chars() > 0).then(expr).otherwise(None)


def person_features(mentions: pl.DataFrame) -> pl.DataFrame:
    """The comparison columns (see module docstring) of each person mention, same order."""
    have = set(mentions.columns)
    base = mentions.select(
        _text("achternaam_norm", have).alias("_an"),
        _text("voornamen_norm", have).alias("_vn"),
        _text("woonplaats", have).alias("_wp"),
    )
    v = pl.col("v")
    an = _empty_null(v.str.replace_all(r"\s+", " ").str.strip_chars())
    surname = _per_value(base, "_an", {"an": an, "fon": _empty_null(phonetic(an))})
    first = v.str.strip_chars().str.split(" ").list.first()
    given = _per_value(
        base,
        "_vn",
        {
            "vn1": pl.when(first.str.len_chars() > 1).then(first).otherwise(None),
            "_ini": v.str.strip_chars()
            .str.split(" ")
            .list.eval(pl.element().str.slice(0, 1))
            .list.join(""),
        },
    )
    place = _per_value(
        base,
        "_wp",
        {"wp": _empty_null(fold(v).str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars())},
    )
    tv = _text("tussenvoegsel_norm", have).fill_null("")
    ini_given = _text("initialen", have).str.to_lowercase().str.replace_all(r"[^a-z]", "")
    land = _text("land", have).fill_null("NL").str.to_uppercase()
    pc = _text("postcode", have).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    gd_col = (
        pl.col("geboortedatum").cast(pl.Date).dt.strftime("%Y%m%d")
        if "geboortedatum" in have
        else pl.lit(None, dtype=pl.String)
    )
    feats = pl.concat(
        [mentions.drop("wp", strict=False), surname, given, place], how="horizontal"
    ).select(
        pl.col("an"),
        _empty_null((tv + pl.col("an").fill_null("")).str.replace_all(r"[^a-z0-9]", "")).alias(
            "full"
        ),
        pl.col("vn1"),
        _empty_null(pl.coalesce(ini_given, pl.col("_ini"))).alias("ini"),
        gd_col.alias("gd"),
        pl.when(pc.str.len_chars() > 0).then(land + pc).otherwise(None).alias("pc"),
        _text("huisnummer", have).alias("hn"),
        _empty_null(
            _text("toevoeging", have).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
        ).alias("toev"),
        pl.col("wp"),
        _text("id_hash", have).alias("idh"),
        pl.col("fon"),
        _empty_null(_text("context", have)).alias("ctx"),
        _empty_null(_text("id_type", have).str.to_lowercase()).alias("idt"),
    )
    return feats
