"""Splink (DuckDB backend) on the same normalised person mentions as our resolver.

Inputs are the comparison columns of ``transforms.resolve.features.person_features`` (folded
achternaam with tussenvoegsel glued, first first name, initials, birth date, address key,
woonplaats, ID hash, the host or dealer where the person was registered, the kind of ID
document), so both resolvers see the same cleaning. Model: names with term-frequency
adjustments, birth date, address, woonplaats, ID hash, host/dealer and ID kind (exact,
term-frequency adjusted); trained as Splink's
documentation describes (prior from deterministic rules, u by random sampling, m by EM on
blocking rules); predict + connected components at :data:`THRESHOLD`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from splink import SettingsCreator
    from splink.comparison_library import CustomComparison

THRESHOLD = 0.95


def splink_input(mentions: pl.DataFrame) -> pl.DataFrame:
    """One row per mention: ``unique_id`` (row index) plus the Splink comparison columns."""
    from transforms.resolve.features import person_features

    f = person_features(mentions)
    return f.select(
        pl.int_range(0, pl.len(), dtype=pl.Int64).alias("unique_id"),
        pl.col("full").alias("achternaam"),
        pl.col("vn1").alias("voornaam"),
        pl.col("ini").alias("initialen"),
        pl.col("ini").str.slice(0, 1).alias("voorletter"),
        pl.col("gd").str.to_date("%Y%m%d", strict=False).alias("geboortedatum"),
        pl.col("gd").str.slice(0, 4).alias("geboortejaar"),
        pl.concat_str(
            [pl.col("pc"), pl.col("hn"), pl.col("toev").fill_null("")], separator="|"
        ).alias("adres"),
        pl.col("pc").alias("postcode"),
        pl.col("wp").alias("woonplaats"),
        pl.col("idh").alias("id_hash"),
        pl.col("ctx").alias("context"),
        pl.col("idt").alias("id_soort"),
    )


def _exact_with_fixed_else(col: str, m_else: float) -> CustomComparison:
    """Exact match with term frequencies; the "else" level's m fixed (the same person on
    another host or with another kind of document may not occur in the demo at all, and EM
    then drives m to 0, which Splink rejects)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            cll.ElseLevel().configure(m_probability=m_else, fix_m_probability=True),
        ],
        output_column_name=col,
    )


def _settings() -> SettingsCreator:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("achternaam").configure(term_frequency_adjustments=True),
            cl.NameComparison("voornaam").configure(term_frequency_adjustments=True),
            cl.ExactMatch("initialen").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("geboortedatum", input_is_string=False),
            cl.ExactMatch("adres").configure(term_frequency_adjustments=True),
            cl.ExactMatch("woonplaats").configure(term_frequency_adjustments=True),
            cl.ExactMatch("id_hash"),
            _exact_with_fixed_else("context", 0.2),
            _exact_with_fixed_else("id_soort", 0.15),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("achternaam", "geboortejaar"),
            block_on("id_hash"),
            block_on("adres", "voorletter"),
            block_on("geboortedatum", "voorletter"),
            block_on("achternaam", "voorletter", "woonplaats"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def run_splink(mentions: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """Cluster label per mention (input order) and the linked pairs ``a, b`` (row indices,
    match probability >= :data:`THRESHOLD`)."""
    from splink import Linker, block_on
    from splink.backends.duckdb import DuckDBAPI

    frame = splink_input(mentions)
    db_api = DuckDBAPI()
    table = db_api.register(frame.to_arrow(), table_name="personen")
    linker = Linker(table, _settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("achternaam", "voornaam", "geboortedatum"), block_on("id_hash")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (
        block_on("achternaam", "geboortedatum"),
        block_on("id_hash"),
        block_on("adres", "voorletter"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD
    )
    cl = pl.from_arrow(clusters.as_pyarrow_table())  # type: ignore[no-untyped-call]
    pr = pl.from_arrow(predictions.as_pyarrow_table())  # type: ignore[no-untyped-call]
    assert isinstance(cl, pl.DataFrame) and isinstance(pr, pl.DataFrame)
    label = (
        frame.select("unique_id")
        .join(
            cl.select("unique_id", "cluster_id"), on="unique_id", how="left", maintain_order="left"
        )
        .select(pl.col("cluster_id").cast(pl.String).fill_null(pl.col("unique_id").cast(pl.String)))
        .to_series()
    )
    links = pr.filter(pl.col("match_probability") >= THRESHOLD).select(
        pl.min_horizontal("unique_id_l", "unique_id_r").cast(pl.UInt32).alias("a"),
        pl.max_horizontal("unique_id_l", "unique_id_r").cast(pl.UInt32).alias("b"),
    )
    return label, links
