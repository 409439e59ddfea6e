"""Register rows -> mentions of persons, organisations and addresses (outputs.md).

``extract_mentions(tables)`` takes the lake tables (clean frames keyed by table name, see
docs/internals.md) and returns one row per mention with the columns of :data:`SCHEMA`:
the identity of the mention (``mention_id`` = ``register:record_id:role:n``), where it came
from, and the normalised comparison fields the resolver reads. An address mention names
what it is the address of in its role (``adres:verkoper``, ``pand``, ``locatie``) and, for a
party's address, the party's mention in ``party_of``. A person registered at a business
carries ``context`` = ``register:kvk`` of it (a guest: the host; a seller: the dealer), so
that the resolver can tell a returning guest from namesakes at other hosts; ``id_type`` is
the kind of ID document shown (``paspoort``, ``identiteitskaart``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "mention_id": pl.String,
    "register": pl.String,
    "record_id": pl.String,
    "role": pl.String,
    "entity_type": pl.String,
    "party_of": pl.String,
    "gemeentecode": pl.String,
    "datum": pl.Date,
    "achternaam": pl.String,
    "tussenvoegsel": pl.String,
    "voornamen": pl.String,
    "achternaam_norm": pl.String,
    "tussenvoegsel_norm": pl.String,
    "voornamen_norm": pl.String,
    "initialen": pl.String,
    "geboortedatum": pl.Date,
    "naam": pl.String,
    "kvk": pl.String,
    "straat": pl.String,
    "postcode": pl.String,
    "huisnummer": pl.Int64,
    "toevoeging": pl.String,
    "woonplaats": pl.String,
    "land": pl.String,
    "id_hash": pl.String,
    "context": pl.String,
    "id_type": pl.String,
}
_PERSON_FIELDS = (
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "achternaam_norm",
    "tussenvoegsel_norm",
    "voornamen_norm",
    "initialen",
    "geboortedatum",
)
_ADDRESS_FIELDS = ("straat", "postcode", "huisnummer", "toevoeging", "woonplaats", "land")


@dataclass(frozen=True)
class _Source:
    """Where the shared columns of one table live."""

    register: str
    record: str
    datum: str


_SOURCES: dict[str, _Source] = {
    "dor": _Source("dor", "registratienummer", "datum_verkrijging"),
    "nachtregister": _Source("nachtregister", "registratie_id", "aankomst"),
    "bibob_betrokkenen": _Source("bibob", "dossiernummer", "aanvraagdatum"),
    "bibob_dossiers": _Source("bibob", "dossiernummer", "aanvraagdatum"),
    "damocles": _Source("damocles", "zaaknummer", "datum_constatering"),
}


def _col(frame: pl.DataFrame, name: str | None, target: str) -> pl.Expr:
    dtype = SCHEMA[target]
    if name is None or name not in frame.columns:
        return pl.lit(None, dtype=dtype).alias(target)
    return pl.col(name).cast(dtype).alias(target)


def _person_map(prefix: str) -> dict[str, str]:
    fields = {f: prefix + f for f in _PERSON_FIELDS}
    fields.update({f: prefix + f for f in _ADDRESS_FIELDS})
    return fields


def _address_map(prefix: str) -> dict[str, str]:
    return {f: prefix + f for f in _ADDRESS_FIELDS}


def _present(frame: pl.DataFrame, *cols: str) -> pl.Expr:
    exprs = [pl.col(c).is_not_null() for c in cols if c in frame.columns]
    return pl.any_horizontal(exprs) if exprs else pl.lit(False)


def _emit(
    frame: pl.DataFrame,
    src: _Source,
    role: pl.Expr,
    n: pl.Expr,
    entity_type: str,
    mapping: dict[str, str],
    keep: pl.Expr,
    party_role: pl.Expr | None = None,
) -> pl.DataFrame:
    """Mentions of one kind from ``frame`` (rows where ``keep``), fields per ``mapping``."""
    record = pl.col(src.record).cast(pl.String)
    mention_id = pl.concat_str(
        [pl.lit(src.register), record, role, n.cast(pl.String)], separator=":"
    )
    party_of = (
        pl.concat_str([pl.lit(src.register), record, party_role, n.cast(pl.String)], separator=":")
        if party_role is not None
        else pl.lit(None, dtype=pl.String)
    )
    fixed = {
        "mention_id": mention_id,
        "register": pl.lit(src.register),
        "record_id": record,
        "role": role,
        "entity_type": pl.lit(entity_type),
        "party_of": party_of,
    }
    exprs = []
    for target, dtype in SCHEMA.items():
        if target in fixed:
            exprs.append(fixed[target].cast(dtype).alias(target))
        elif target == "gemeentecode":
            exprs.append(_col(frame, "gemeentecode", target))
        elif target == "datum":
            exprs.append(_col(frame, src.datum, target))
        elif target == "context" and mapping.get(target) in frame.columns:
            # ``register:kvk`` of the business where the person was registered
            kvk = pl.col(mapping[target]).cast(pl.String)
            exprs.append((pl.lit(src.register + ":") + kvk).alias(target))
        else:
            exprs.append(_col(frame, mapping.get(target), target))
    return frame.filter(keep).select(exprs)


def _dor(frame: pl.DataFrame) -> list[pl.DataFrame]:
    src, one = _SOURCES["dor"], pl.lit(1)
    seller = _present(frame, "verkoper_achternaam", "verkoper_achternaam_norm")
    org = {"kvk": "opkoper_kvk", "naam": "opkoper_naam", **_address_map("opkoper_")}
    return [
        _emit(
            frame,
            src,
            pl.lit("verkoper"),
            one,
            "persoon",
            {
                **_person_map("verkoper_"),
                "id_hash": "verkoper_id_nummer",
                "id_type": "verkoper_id_type",
                "context": "opkoper_kvk",
            },
            seller,
        ),
        _emit(
            frame,
            src,
            pl.lit("opkoper"),
            one,
            "organisatie",
            org,
            _present(frame, "opkoper_kvk", "opkoper_naam"),
        ),
        _emit(
            frame,
            src,
            pl.lit("adres:verkoper"),
            one,
            "adres",
            _address_map("verkoper_"),
            seller & _present(frame, "verkoper_postcode", "verkoper_straat"),
            party_role=pl.lit("verkoper"),
        ),
        _emit(
            frame,
            src,
            pl.lit("adres:opkoper"),
            one,
            "adres",
            _address_map("opkoper_"),
            _present(frame, "opkoper_postcode"),
            party_role=pl.lit("opkoper"),
        ),
    ]


def _nachtregister(frame: pl.DataFrame) -> list[pl.DataFrame]:
    src, one = _SOURCES["nachtregister"], pl.lit(1)
    guest = _present(frame, "gast_achternaam", "gast_achternaam_norm")
    org = {"kvk": "logies_kvk", "naam": "logies_naam", **_address_map("logies_")}
    return [
        _emit(
            frame,
            src,
            pl.lit("gast"),
            one,
            "persoon",
            {
                **_person_map("gast_"),
                "id_hash": "id_nummer",
                "id_type": "id_type",
                "context": "logies_kvk",
            },
            guest,
        ),
        _emit(
            frame,
            src,
            pl.lit("logies"),
            one,
            "organisatie",
            org,
            _present(frame, "logies_kvk", "logies_naam"),
        ),
        _emit(
            frame,
            src,
            pl.lit("adres:gast"),
            one,
            "adres",
            _address_map("gast_"),
            guest & _present(frame, "gast_postcode", "gast_straat"),
            party_role=pl.lit("gast"),
        ),
        _emit(
            frame,
            src,
            pl.lit("adres:logies"),
            one,
            "adres",
            _address_map("logies_"),
            _present(frame, "logies_postcode"),
            party_role=pl.lit("logies"),
        ),
    ]


def _bibob(parties: pl.DataFrame | None, dossiers: pl.DataFrame | None) -> list[pl.DataFrame]:
    src = _SOURCES["bibob_betrokkenen"]
    out: list[pl.DataFrame] = []
    if dossiers is not None:
        out.append(
            _emit(
                dossiers,
                src,
                pl.lit("locatie"),
                pl.lit(1),
                "adres",
                _address_map("locatie_"),
                _present(dossiers, "locatie_postcode"),
            )
        )
    if parties is None:
        return out
    frame = parties
    if dossiers is not None:
        extra = [c for c in ("gemeentecode", "aanvraagdatum") if c in dossiers.columns]
        frame = frame.drop([c for c in extra if c in frame.columns]).join(
            dossiers.select("dossiernummer", *extra).unique("dossiernummer", keep="last"),
            on="dossiernummer",
            how="left",
            maintain_order="left",
        )
    rol = pl.col("rol").cast(pl.String)
    frame = frame.with_columns(
        pl.int_range(1, pl.len() + 1).over("dossiernummer", "rol").alias("_n")
    )
    is_org = _present(frame, "naam_rechtspersoon", "kvk") & ~_present(frame, "achternaam")
    if "soort" in frame.columns:
        is_org = (
            pl.when(pl.col("soort").is_not_null())
            .then(pl.col("soort") == "rechtspersoon")
            .otherwise(is_org)
        )
    n = pl.col("_n")
    out += [
        _emit(
            frame, src, rol, n, "persoon", _person_map(""), ~is_org & _present(frame, "achternaam")
        ),
        _emit(
            frame,
            src,
            rol,
            n,
            "organisatie",
            {"kvk": "kvk", "naam": "naam_rechtspersoon", **_address_map("")},
            is_org,
        ),
        _emit(
            frame,
            src,
            pl.lit("adres:") + rol,
            n,
            "adres",
            _address_map(""),
            _present(frame, "postcode", "huisnummer"),
            party_role=rol,
        ),
    ]
    return out


def _damocles(frame: pl.DataFrame) -> list[pl.DataFrame]:
    src, one = _SOURCES["damocles"], pl.lit(1)
    has_name = _present(frame, "eigenaar_achternaam", "eigenaar_achternaam_norm")
    org_like = _present(frame, "eigenaar_naam_rechtspersoon", "eigenaar_kvk") & ~has_name
    if "eigenaar_soort" in frame.columns:
        soort = pl.col("eigenaar_soort")
        org_like = pl.when(soort.is_not_null()).then(soort == "rechtspersoon").otherwise(org_like)
    eigenaar_org = {"kvk": "eigenaar_kvk", "naam": "eigenaar_naam_rechtspersoon"}
    return [
        _emit(
            frame,
            src,
            pl.lit("eigenaar"),
            one,
            "persoon",
            _person_map("eigenaar_"),
            ~org_like & has_name,
        ),
        _emit(frame, src, pl.lit("eigenaar"), one, "organisatie", eigenaar_org, org_like),
        # the occupant lives at the premises: its address is a comparison field
        _emit(
            frame,
            src,
            pl.lit("bewoner"),
            one,
            "persoon",
            {**_person_map("bewoner_"), **_address_map("pand_")},
            _present(frame, "bewoner_achternaam", "bewoner_achternaam_norm"),
        ),
        _emit(
            frame,
            src,
            pl.lit("pand"),
            one,
            "adres",
            _address_map("pand_"),
            _present(frame, "pand_postcode", "pand_straat"),
        ),
    ]


def extract_mentions(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every person, organisation and address mention of the lake tables (:data:`SCHEMA`),
    ordered by register, record and mention id."""
    parts: list[pl.DataFrame] = []
    if "dor" in tables:
        parts += _dor(tables["dor"])
    if "nachtregister" in tables:
        parts += _nachtregister(tables["nachtregister"])
    if "bibob_betrokkenen" in tables or "bibob_dossiers" in tables:
        parts += _bibob(tables.get("bibob_betrokkenen"), tables.get("bibob_dossiers"))
    if "damocles" in tables:
        parts += _damocles(tables["damocles"])
    if not parts:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat(parts).sort("register", "record_id", "mention_id")
