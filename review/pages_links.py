"""GET /koppelingen (the queue of uncertain person links) and POST /koppelingen/{id}."""

from __future__ import annotations

from typing import Any

import polars as pl
from starlette.datastructures import FormData
from starlette.responses import Response

from review.evidence import REGISTERNAMEN, show
from review.scope import pair_for, queue_in_scope
from review.web import Ctx

PER_PAGE = 8
OORDELEN = {"zelfde": "dezelfde persoon", "verschillend": "verschillende personen"}
FIELDS: list[tuple[str, tuple[str, ...]]] = [
    ("Naam", ("voornamen", "tussenvoegsel", "achternaam")),
    ("Geboortedatum", ("geboortedatum",)),
    ("Straat", ("straat", "huisnummer", "toevoeging")),
    ("Postcode", ("postcode",)),
    ("Woonplaats", ("woonplaats", "land")),
    ("ID-document", ("id_hash",)),
]


def _side(row: dict[str, Any] | None, mention_id: str) -> dict[str, Any]:
    register, record, role = [*mention_id.split(":"), "", "", ""][:3]
    values = {label: " ".join(show(row.get(c), c) for c in cols if row and row.get(c) is not None)
              for label, cols in FIELDS}
    return {"mention_id": mention_id, "register": REGISTERNAMEN.get(register, register),
            "record": record, "rol": role, "waarden": values,
            "gemeente": (row or {}).get("gemeentecode") or "",
            "datum": show((row or {}).get("datum")),
            "entity_id": (row or {}).get("entity_id") or ""}


def _pending(ctx: Ctx) -> pl.DataFrame:
    queue = queue_in_scope(ctx.review.cache, ctx.user)
    decided = ctx.review.decisions.latest_links().select("mention_a", "mention_b")
    if not decided.is_empty():
        queue = queue.join(decided, on=["mention_a", "mention_b"], how="anti")
        flipped = decided.rename({"mention_a": "mention_b", "mention_b": "mention_a"})
        queue = queue.join(flipped, on=["mention_a", "mention_b"], how="anti")
    if ctx.session.skipped:
        queue = queue.filter(~pl.col("id").is_in(list(ctx.session.skipped)))
    return queue.sort("volgorde")


def link_queue(ctx: Ctx, form: FormData | None) -> Response:
    if ctx.request.query_params.get("overgeslagen") == "terug":
        ctx.session.skipped.clear()
    pending = _pending(ctx)
    page_text = ctx.request.query_params.get("pagina") or "1"
    pages = max(1, -(-pending.height // PER_PAGE))
    page = min(max(1, int(page_text)) if page_text.isdigit() and len(page_text) < 7 else 1,
               pages)
    rows = pending.slice((page - 1) * PER_PAGE, PER_PAGE).to_dicts()
    ids = [r["mention_a"] for r in rows] + [r["mention_b"] for r in rows]
    mentions = {m["mention_id"]: m for m in ctx.review.cache.mentions()
                .filter(pl.col("mention_id").is_in(ids)).iter_rows(named=True)}
    pairs = []
    for row in rows:
        a = _side(mentions.get(row["mention_a"]), row["mention_a"])
        b = _side(mentions.get(row["mention_b"]), row["mention_b"])
        same = {label: bool(a["waarden"][label]) and a["waarden"][label].lower()
                == b["waarden"][label].lower() for label, _ in FIELDS}
        reasons = [r.strip() for r in (row["redenen"] or "").split(";") if r.strip()]
        pairs.append({"id": row["id"], "kans": row["kans"], "a": a, "b": b, "gelijk": same,
                      "redenen": reasons})
    ctx.log("koppelingen.lijst", f"pagina {page}", f"{pending.height} open paren")
    return ctx.render("koppelingen.html", nav="koppelingen", pairs=pairs, total=pending.height,
                      page=page, pages=pages, velden=[label for label, _ in FIELDS],
                      overgeslagen=len(ctx.session.skipped))


def judge_link(ctx: Ctx, form: FormData | None) -> Response:
    pair_id = str(ctx.request.path_params["pair_id"])
    pair = pair_for(ctx.review.cache, ctx.user, pair_id)
    if pair is None or form is None:
        return ctx.not_found("koppeling", pair_id)
    page = str(form.get("pagina") or "1")
    back = f"/koppelingen?pagina={page}" if page.isdigit() and len(page) < 7 else "/koppelingen"
    oordeel = str(form.get("oordeel") or "")
    if oordeel == "overslaan":
        ctx.session.skipped.add(pair_id)
        ctx.log("koppeling.oordeel", pair_id, "overgeslagen")
        return ctx.redirect(back, "Paar overgeslagen; het komt bij een volgende sessie terug.")
    if oordeel not in OORDELEN:
        ctx.log("koppeling.oordeel", pair_id, "geweigerd: onbekend oordeel")
        return ctx.redirect(back, "Kies zelfde persoon, verschillende personen of overslaan.")
    waarom = str(form.get("waarom") or "").strip()[:2000] or \
        f"beoordeeld op de reviewpagina (kans {pair['kans']:.2f})"
    ctx.review.decisions.record_link(pair["mention_a"], pair["mention_b"], oordeel,
                                     ctx.user.login, waarom)
    ctx.log("koppeling.oordeel", pair_id, oordeel)
    return ctx.redirect(back, f"Vastgelegd: {OORDELEN[oordeel]}. De volgende run houdt zich "
                              "hieraan.")
