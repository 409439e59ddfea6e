"""Match probability of a candidate pair: a Fellegi-Sunter log-odds sum.

Each comparison level carries a weight log2(m/u): m is how often the level occurs for two
mentions of the same person, u how often for two different people. For agreement on a value
(same surname, same birth date, same address) u is that value's frequency among all
mentions (term-frequency adjustment: ``Jansen`` agrees by chance far more often than
``Zenhof``), smoothed towards a default for small inputs. The prior is the odds that two
random mentions are one person. ``kans = 1 / (1 + 2**-(prior + sum of weights))``.

Where a person was registered counts too: a guest seen again at the same host (or a seller
at the same dealer) is mostly the same person coming back, so the host agreeing is evidence
(u: the host's share of its register), and the visits of one name at one host count once
when the name combination's frequency is estimated (:func:`term_frequencies`).

All m and u are set by hand in :data:`FIXED` and :data:`TERM_FREQUENCY`, next to the reasons
in ``compare.LEVELS``, so every score is explainable as the list of its reasons.

A pair with a conflict level (different birth dates, different first names) gets
probability 0, whatever else agrees: a shared ID number then is a signal for the network
(``netwerk.identiteit``), not a link.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import polars as pl

from transforms.resolve.compare import COMPARISONS, conflict_expr, person_levels, reasons_expr

# Pseudo-mentions: small inputs are scored as if drawn from a population of this size.
PSEUDO_COUNT = 100_000
MENTIONS_PER_PERSON = 3.0

# Names and place are correlated (a German surname, a German first name and Aachen go
# together), so their separate weights overstate a joint agreement: the agreement on
# achternaam + first initial (+ woonplaats) is capped at the weight of that combination's own
# frequency, plus what a written-out first name adds within an initial.
M_COMBINATION = 0.8
COMBINATION_FIRST_NAME: dict[int, float] = {1: 1.5, 3: 0.0, 4: 0.5, 5: -0.5, 7: 0.5}
HOUSEHOLD_SURNAME = 1.5  # same surname given same address: m 0.95, u ~0.35
HOUSEHOLD_FIRST_NAME = 5.0  # same first name given same address: m 0.9, u ~0.03
MAX_PLACE = 4.0  # same place: capped, families live near each other

# (comparison, level) -> fixed log2(m/u)
FIXED: dict[tuple[str, int], float] = {
    ("achternaam", 2): 8.0,  # swapped names: m 0.01, u ~4e-5
    ("achternaam", 3): 4.9,  # JW >= 0.94: m 0.03, u 0.001
    ("achternaam", 4): 0.0,
    ("achternaam", 5): -5.6,  # m 0.02
    ("voornaam", 2): 3.3,
    ("voornaam", 6): -10.0,
    ("geboortedatum", 2): 7.8,
    ("geboortedatum", 3): 1.6,
    ("geboortedatum", 4): -12.0,
    ("adres", 4): -1.7,  # people move: m 0.3
    ("woonplaats", 2): -2.7,
    ("id", 2): -2.3,  # a second document: m 0.2
    ("id", 3): -4.2,  # a second document of the same kind (renewed): m 0.05, u 0.9
    ("context", 2): -2.3,  # another host or dealer: m 0.2, u 0.9
    ("id_soort", 2): -2.0,  # another kind of document: m 0.15, u 0.6
}
# (comparison, level) -> (frequency column, m, default u)
TERM_FREQUENCY: dict[tuple[str, int], tuple[str, float, float]] = {
    ("achternaam", 1): ("an", 0.95, 1 / 3000),
    ("voornaam", 1): ("vn1", 0.9, 1 / 200),
    ("voornaam", 3): ("ini1", 1.0, 1 / 15),
    ("voornaam", 4): ("ini", 0.9, 1 / 60),
    ("voornaam", 5): ("ini1", 0.5, 1 / 15),
    ("voornaam", 7): ("ini", 0.9, 1 / 60),
    ("geboortedatum", 1): ("gd", 0.95, 1 / 23000),
    ("adres", 1): ("addr", 0.7, 1 / 40000),
    ("adres", 2): ("pand", 0.05, 1 / 30000),
    ("adres", 3): ("pc", 0.05, 1 / 5000),
    ("woonplaats", 1): ("wp", 0.85, 1 / 100),
    ("id", 1): ("idh", 0.7, 1 / 1_000_000),
    ("context", 1): ("ctx", 0.7, 1 / 20),  # guests return to the host they liked
    ("id_soort", 1): ("idt", 0.85, 1 / 3),
}
# joint keys (frequency column -> default u) used by the combination cap
COMBINATION_DEFAULTS: dict[str, float] = {"naam": 1 / 45_000, "naamplaats": 1 / 4_500_000}
_TF_KEYS: dict[str, pl.Expr] = {
    "an": pl.col("an"),
    "vn1": pl.col("vn1"),
    "ini1": pl.col("ini").str.slice(0, 1),
    "ini": pl.col("ini"),
    "gd": pl.col("gd"),
    "addr": pl.concat_str(
        [pl.col("pc"), pl.col("hn"), pl.col("toev").fill_null("")], separator="|"
    ),
    "pand": pl.concat_str([pl.col("pc"), pl.col("hn")], separator="|"),
    "pc": pl.col("pc"),
    "wp": pl.col("wp"),
    "idh": pl.col("idh"),
    "ctx": pl.col("ctx"),
    "idt": pl.col("idt"),
    "naam": pl.concat_str([pl.col("an"), pl.col("ini").str.slice(0, 1)], separator="|"),
    "naamplaats": pl.concat_str(
        [pl.col("an"), pl.col("ini").str.slice(0, 1), pl.col("wp")], separator="|"
    ),
}


# frequencies that are shares within a group rather than among all mentions: a host's share
# of its register's mentions; an ID kind's share of the mentions that name one
_SHARE_OF: dict[str, pl.Expr] = {
    "ctx": pl.col("ctx").str.split(":").list.first(),
    "idt": pl.col("idt").is_not_null(),
}


def prior(n: int) -> float:
    """log2 odds that two random mentions of ``n`` are the same person."""
    return math.log2((MENTIONS_PER_PERSON - 1) / (n + PSEUDO_COUNT))


def term_frequencies(features: pl.DataFrame, rows: npt.ArrayLike | None = None) -> pl.DataFrame:
    """Per mention, the smoothed frequency of each of its values (Float32 ``tf_<key>``).

    A combination key (``naam``, ``naamplaats``) counts the *contexts* that carry it other
    than the mention's own: mentions of one combination at one host or dealer are mostly one
    returning person, so they count once; a mention without a context is its own. The weight
    is only used when both sides share the combination, so the pair itself is not evidence
    that it is common (:func:`weight_expr` also leaves out the other side's context when it
    differs). ``ctx``: the host's or dealer's share of its register's mentions; ``idt``: the
    ID kind's share of the mentions that name one.

    With ``rows`` (row indices) only those rows are computed, with the same counts over all
    of ``features`` and so the same values; the other rows are null (for scoring pairs
    between those rows only: the incremental resolution scores few pairs)."""
    if rows is not None:
        return Frequencies(features).at(rows)
    n = features.height
    defaults = _defaults()
    ctx_key = pl.coalesce(pl.col("ctx"), pl.int_range(pl.len()).cast(pl.String))
    exprs: list[pl.Expr] = []
    for name, expr in _TF_KEYS.items():
        if name in COMBINATION_DEFAULTS:
            count = ctx_key.n_unique().over(expr) - 1
        elif name in _SHARE_OF:
            # a share among the mentions that have such a value at all
            among = pl.len().over(_SHARE_OF[name])
            exprs.append(_share(pl.len().over(expr), among, defaults[name]).alias(f"tf_{name}"))
            continue
        else:
            count = pl.len().over(expr)
        exprs.append(_smoothed(count, n, defaults[name]).alias(f"tf_{name}"))
    return features.select(exprs)


def _defaults() -> dict[str, float]:
    return {col: u for col, _, u in TERM_FREQUENCY.values()} | COMBINATION_DEFAULTS


def _smoothed(count: pl.Expr, n: int, default: float) -> pl.Expr:
    return ((count + PSEUDO_COUNT * default) / (n + PSEUDO_COUNT)).cast(pl.Float32)


def _share(count: pl.Expr, among: pl.Expr, default: float) -> pl.Expr:
    return ((count + 1) / (among + 1 / default)).cast(pl.Float32)


# How :class:`Frequencies` counts the values of a key over all rows without computing the key
# for every row:
# - a key that is a function of one column, row by row: from that column's value counts
#   (one pass over the column; the key then of its distinct values only);
_BY_VALUE: dict[str, str] = {
    "ini1": "ini", "ini": "ini", "wp": "wp", "ctx": "ctx", "_g_ctx": "ctx", "idt": "idt",
    "_g_idt": "idt",
}
# - the others from the rows that may hold the asked values: a non-null value from the rows
#   holding an asked value of the key's root column (two rows with one non-null value of the
#   key have one value of that column), null from the rows with a null in one of its parts
#   (the key is null exactly where one of them is).
_BY_ROOT: dict[str, tuple[str, tuple[str, ...]]] = {
    "an": ("an", ("an",)),
    "naam": ("an", ("an", "ini")),
    "naamplaats": ("an", ("an", "ini", "wp")),
    "vn1": ("vn1", ("vn1",)),
    "gd": ("gd", ("gd",)),
    "idh": ("idh", ("idh",)),
    "pc": ("pc", ("pc",)),
    "addr": ("pc", ("pc", "hn")),
    "pand": ("pc", ("pc", "hn")),
}
# a key whose (non-null) value determines the value of another key of the same root: the
# rows holding its asked values are found among those holding the other's (computed once)
_NARROWED: dict[str, str] = {"naamplaats": "naam"}
_ROW = "_row"
# a mention's context, or the mention itself (its row number) when it has none
_CONTEXT = pl.coalesce(pl.col("ctx"), pl.col(_ROW).cast(pl.String)).alias("_ctx")


def _key_exprs() -> dict[str, pl.Expr]:
    """The keys counted: the term-frequency keys and the groups of the shares."""
    return {**_TF_KEYS, **{f"_g_{name}": expr for name, expr in _SHARE_OF.items()}}


class Frequencies:
    """The term frequencies of ``features`` (as :func:`term_frequencies`), computed on
    demand for some rows: each value's count over all rows is taken once, when a row first
    asks for it (the incremental resolution asks twice: for the pairs it scores, then for
    its review pairs). Counting reads few columns and computes the keys of few rows (see
    :data:`_BY_VALUE`, :data:`_BY_ROOT`), so asking for few rows is cheap."""

    def __init__(self, features: pl.DataFrame) -> None:
        self.n = features.height
        self.features = features
        self._values: dict[str, pl.DataFrame] = {}  # column -> its values' counts
        self._counts: dict[str, pl.DataFrame] = {}  # key -> counts of its values asked so far

    def _by_value(self, key: str) -> pl.DataFrame:
        if key not in self._counts:
            column = _BY_VALUE[key]
            if column not in self._values:
                self._values[column] = self.features[column].value_counts(name="_n").cast(
                    {"_n": pl.Int64})
            self._counts[key] = self._values[column].group_by(
                _key_exprs()[key].alias(key)).agg(pl.col("_n").sum())
        return self._counts[key]

    def _by_root(self, asked: pl.DataFrame) -> None:
        """Count the values of the :data:`_BY_ROOT` keys in ``asked`` (those keys and their
        root columns as ``_r_<column>``) that are not counted yet."""
        exprs = _key_exprs()
        groups: dict[str, list[str]] = {}
        for key, (root, _) in _BY_ROOT.items():
            groups.setdefault(root, []).append(key)
        for root, keys in groups.items():
            wanted: dict[str, pl.DataFrame] = {}
            for key in keys:
                values = asked.select(key, f"_r_{root}").unique(key)
                if key in self._counts:
                    values = values.join(self._counts[key], on=key, how="anti",
                                         nulls_equal=True)
                if values.height:
                    wanted[key] = values
            if not wanted:
                continue
            column = self.features[root]
            roots = pl.concat([values[f"_r_{root}"] for values in wanted.values()])
            mask = column.is_in(roots.drop_nulls().unique().implode()).fill_null(False)
            distinct = any(key in COMBINATION_DEFAULTS for key in wanted)
            needed = {c for key in wanted for c in exprs[key].meta.root_names()}
            columns = self.features.select(
                *sorted(needed | ({"ctx"} if distinct else set())),
                *([pl.Series(_ROW, np.arange(self.n, dtype=np.uint32))] if distinct else []),
            )
            inside = columns.filter(mask)
            for key, values in wanted.items():
                parts = _BY_ROOT[key][1]
                if key in COMBINATION_DEFAULTS:
                    keyed = [exprs[key].alias(key), _CONTEXT]
                    count = pl.col("_ctx").n_unique()
                else:
                    keyed = [exprs[key].alias(key)]
                    count = pl.len()
                # a key value is counted on the rows of its root value; null (where a part
                # is) on the rows with a null part
                asked_values = values[key].drop_nulls().implode()
                if key == root:  # the rows of the asked roots: these values and others
                    holding = inside
                elif key in _NARROWED and _NARROWED[key] in inside.columns:
                    # rows with an asked value of the key have the asked rows' narrower key
                    narrower = _NARROWED[key]
                    near = asked.filter(pl.col(key).is_in(asked_values))[narrower]
                    holding = inside.filter(pl.col(narrower).is_in(near.implode())).filter(
                        exprs[key].is_in(asked_values).fill_null(False))
                else:
                    holding = inside.filter(exprs[key].is_in(asked_values).fill_null(False))
                if key in _NARROWED.values():  # computed once, for the keys it narrows
                    inside = inside.with_columns(exprs[key].alias(key))
                counted = holding.select(keyed).group_by(key).agg(
                    count.cast(pl.Int64).alias("_n")).filter(pl.col(key).is_in(asked_values))
                if values[key].null_count():
                    empty = pl.any_horizontal(pl.col(part).is_null() for part in parts)
                    nulls = (columns.filter(empty).select(_CONTEXT).to_series().n_unique()
                             if key in COMBINATION_DEFAULTS
                             else columns.select(empty.sum()).item())
                    counted = pl.concat([counted, pl.DataFrame(
                        {key: [None], "_n": [nulls]},
                        schema={key: counted.schema[key], "_n": pl.Int64})])
                self._counts[key] = (pl.concat([self._counts[key], counted])
                                     if key in self._counts else counted)

    def _count(self, asked: pl.DataFrame, key: str) -> pl.Series:
        """Per row of ``asked``: how many rows share its value of ``key`` (null with null,
        as ``over`` groups them); for a combination key how many contexts they hold."""
        if key in _BY_VALUE:
            known = self._by_value(key)
        else:
            known = self._counts.get(key, pl.DataFrame(schema={key: asked.schema[key],
                                                               "_n": pl.Int64}))
        return asked.select(key).join(known, on=key, how="left", maintain_order="left",
                                      nulls_equal=True)["_n"]

    def rows(self, rows: npt.ArrayLike) -> tuple[pl.Series, pl.DataFrame]:
        """The sorted distinct ``rows`` (UInt32) and their ``tf_<key>`` columns, in that
        order."""
        at = pl.Series(np.asarray(rows, dtype=np.int64), dtype=pl.UInt32).unique().sort()
        n, defaults = self.n, _defaults()
        roots = sorted({root for root, _ in _BY_ROOT.values()})
        asked = self.features.select(pl.all().gather(at)).select(
            *(expr.alias(key) for key, expr in _key_exprs().items()),
            *(pl.col(root).alias(f"_r_{root}") for root in roots),
        )
        self._by_root(asked)
        columns: list[pl.Series] = []
        for name in _TF_KEYS:
            if name in COMBINATION_DEFAULTS:
                count = self._count(asked, name) - 1
                value = _smoothed(pl.lit(count), n, defaults[name])
            elif name in _SHARE_OF:
                among = self._count(asked, f"_g_{name}")
                value = _share(pl.lit(self._count(asked, name)), pl.lit(among), defaults[name])
            else:
                value = _smoothed(pl.lit(self._count(asked, name)), n, defaults[name])
            columns.append(pl.select(value.alias(f"tf_{name}")).to_series())
        return at, pl.DataFrame(columns)

    def at(self, rows: npt.ArrayLike) -> pl.DataFrame:
        """The ``tf_<key>`` columns of every row; null outside ``rows``."""
        at, part = self.rows(rows)
        return pl.DataFrame([
            pl.repeat(None, self.n, dtype=pl.Float32, eager=True).scatter(at, column)
            .alias(column.name)
            for column in part.iter_columns()
        ])


def weight_expr(n: int) -> pl.Expr:
    """The log2-odds of a frame of levels plus ``tf_<key>_l``/``_r`` columns."""
    terms: list[pl.Expr] = []
    for comp in COMPARISONS:
        w: pl.Expr = pl.lit(0.0)
        level = pl.col(comp)
        for (c, lvl), value in FIXED.items():
            if c == comp:
                w = pl.when(level == lvl).then(pl.lit(value)).otherwise(w)
        for (c, lvl), (key, m, _) in TERM_FREQUENCY.items():
            if c == comp:
                tf = pl.max_horizontal(f"tf_{key}_l", f"tf_{key}_r").cast(pl.Float64)
                w = pl.when(level == lvl).then(pl.lit(m).log(2) - tf.log(2)).otherwise(w)
        terms.append(w)
    # Household correction: at one address a shared surname (and place) is expected, so
    # they add little there; a shared written-out first name is then rare (parent/child).
    at_address = pl.col("adres").is_in([1, 2])
    sur, first, place = terms[0], terms[1], terms[4]
    terms[0] = (
        pl.when(at_address & (pl.col("achternaam") == 1))
        .then(pl.min_horizontal(sur, pl.lit(HOUSEHOLD_SURNAME)))
        .otherwise(sur)
    )
    terms[1] = (
        pl.when(at_address & (pl.col("voornaam") == 1))
        .then(pl.max_horizontal(first, pl.lit(HOUSEHOLD_FIRST_NAME)))
        .otherwise(first)
    )
    terms[4] = (
        pl.when(at_address).then(pl.lit(0.0)).otherwise(pl.min_horizontal(place, pl.lit(MAX_PLACE)))
    )
    return pl.lit(prior(n)) + _combination_cap(terms, at_address, n)


def _joint(key: str, n: int) -> pl.Expr:
    # the other side's context, when it is another one, is not evidence of commonness
    other = pl.when(pl.col("context") == 1).then(0.0).otherwise(1.0 / (n + PSEUDO_COUNT))
    floor = PSEUDO_COUNT * COMBINATION_DEFAULTS[key] / (n + PSEUDO_COUNT)
    tf = (pl.max_horizontal(f"tf_{key}_l", f"tf_{key}_r").cast(pl.Float64) - other).clip(
        lower_bound=floor
    )
    bonus = pl.col("voornaam").replace_strict(
        list(COMBINATION_FIRST_NAME),
        list(COMBINATION_FIRST_NAME.values()),
        default=0.0,
        return_dtype=pl.Float64,
    )
    return pl.lit(M_COMBINATION).log(2) - tf.log(2) + bonus


def _combination_cap(terms: list[pl.Expr], at_address: pl.Expr, n: int) -> pl.Expr:
    """Sum of the weights, with achternaam + voornaam (+ woonplaats) capped at the weight of
    their joint frequency when they agree (see :data:`M_COMBINATION`)."""
    sur, first, place = terms[0], terms[1], terms[4]
    rest = pl.sum_horizontal([t for i, t in enumerate(terms) if i not in (0, 1, 4)])
    names_agree = (pl.col("achternaam") == 1) & pl.col("voornaam").is_in(
        list(COMBINATION_FIRST_NAME)
    )
    with_place = names_agree & (pl.col("woonplaats") == 1) & ~at_address
    names_place = (
        pl.when(with_place)
        .then(pl.min_horizontal(sur + first + place, _joint("naamplaats", n)))
        .when(names_agree)
        .then(pl.min_horizontal(sur + first, _joint("naam", n)) + place)
        .otherwise(sur + first + place)
    )
    return rest + names_place


def probability_expr(n: int) -> pl.Expr:
    """Match probability in [0, 1]; 0 for a conflicting pair."""
    prob = 1.0 / (1.0 + (pl.lit(2.0) ** -weight_expr(n)))
    return pl.when(conflict_expr()).then(0.0).otherwise(prob)


def score_pairs(
    features: pl.DataFrame,
    pairs: pl.DataFrame,
    with_reasons: bool = False,
    chunk: int = 1_000_000,
    tf: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``pairs`` (``a``, ``b`` row indices into ``features``) with ``kans`` (probability)
    and ``conflict``; with ``with_reasons`` also the level columns and ``redenen``.
    Works in chunks so that memory stays bounded for tens of millions of pairs."""
    freqs = term_frequencies(features) if tf is None else tf
    n = features.height
    out: list[pl.DataFrame] = []
    for start in range(0, max(pairs.height, 1), chunk):
        part = pairs.slice(start, chunk)
        ia, ib = part["a"], part["b"]
        levels = person_levels(
            features.select(pl.all().gather(ia)), features.select(pl.all().gather(ib))
        )
        tfs = pl.concat(
            [
                freqs.select(pl.all().gather(ia)).rename(lambda c: c + "_l"),
                freqs.select(pl.all().gather(ib)).rename(lambda c: c + "_r"),
            ],
            how="horizontal",
        )
        cols: list[pl.Expr] = [
            probability_expr(n).alias("kans"),
            conflict_expr().alias("conflict"),
        ]
        if with_reasons:
            cols += [pl.col(c) for c in COMPARISONS] + [reasons_expr().alias("redenen")]
        frame = pl.concat([levels, tfs], how="horizontal")
        out.append(pl.concat([part, frame.select(cols)], how="horizontal"))
    return pl.concat(out)
