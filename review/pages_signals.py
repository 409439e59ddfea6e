"""GET /signalen (the list), GET/POST /signalen/{signal_id} (one signal, a decision)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import polars as pl
import sqlalchemy as sa
from starlette.datastructures import FormData
from starlette.responses import Response

from iob.decisions import SIGNAALBESLUITEN, signal_table
from review.evidence import evidence_tables, mention_label
from review.network import neighbourhood_svg
from review.scope import mentions_in_scope, signal_for, signals_in_scope
from review.web import Ctx

PER_PAGE = 50
STATUSSEN = ("nieuw", "bestaand", "vervallen")
BESLUITEN = {"open": "Nog geen besluit", "in_behandeling": "In behandeling",
             "geen_actie": "Geen actie", "casusoverleg": "Casusoverleg"}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _score(value: str | None) -> float | None:
    try:
        number = float((value or "").replace(",", "."))
    except ValueError:
        return None
    return number if 0 <= number <= 1 else None


def parse_filters(params: Any) -> dict[str, Any]:
    status = params.get("status") or ""
    besluit = params.get("besluit") or ""
    page = params.get("pagina") or "1"
    return {
        "regel": (params.get("regel") or "")[:80],
        "status": status if status in STATUSSEN else "",
        "besluit": besluit if besluit in BESLUITEN else "",
        "score": _score(params.get("score")),
        "van": _date(params.get("van")),
        "tot": _date(params.get("tot")),
        "pagina": max(1, int(page)) if page.isdigit() and len(page) < 7 else 1,
    }


def latest_besluiten(ctx: Ctx) -> pl.DataFrame:
    """signal_id -> the decision that counts (the latest), straight from SQL (fast)."""
    table = signal_table
    last = sa.select(sa.func.max(table.c.id)).group_by(table.c.signal_id).scalar_subquery()
    with ctx.review.decisions.engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.signal_id, table.c.besluit)
                            .where(table.c.id.in_(last))).all()
    return pl.DataFrame([tuple(r) for r in rows], schema={"signal_id": pl.String,
                                                          "besluit": pl.String}, orient="row")


def filtered_signals(ctx: Ctx, f: dict[str, Any]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(all signals in scope with their decision, the ones matching the filters)."""
    scoped = signals_in_scope(ctx.review.cache.signals(), ctx.user)
    latest = latest_besluiten(ctx)
    scoped = scoped.join(latest, on="signal_id", how="left").with_columns(
        pl.col("besluit").fill_null("open"))
    out = scoped
    if f["regel"]:
        out = out.filter(pl.col("rule") == f["regel"])
    if f["status"]:
        out = out.filter(pl.col("status") == f["status"])
    if f["besluit"]:
        out = out.filter(pl.col("besluit") == f["besluit"])
    if f["score"] is not None:
        out = out.filter(pl.col("score") >= f["score"])
    if f["van"] is not None:
        out = out.filter(pl.col("laatste_datum") >= f["van"])
    if f["tot"] is not None:
        out = out.filter(pl.col("eerste_datum") <= f["tot"])
    return scoped, out


def signal_list(ctx: Ctx, form: FormData | None) -> Response:
    f = parse_filters(ctx.request.query_params)
    scoped, matching = filtered_signals(ctx, f)
    total = matching.height
    pages = max(1, -(-total // PER_PAGE))
    current = min(f["pagina"], pages)
    rows = matching.slice((current - 1) * PER_PAGE, PER_PAGE).select(
        "signal_id", "rule", "titel", "gemeentecodes", "bovenlokaal", "score", "status",
        "besluit", "eerste_datum", "laatste_datum", "bibob").to_dicts()
    if not ctx.user.ziet_bibob:
        for row in rows:
            row["bibob"] = False
    rules = sorted(scoped.get_column("rule").unique().to_list())
    query = {k: ("" if v is None else str(v)) for k, v in f.items() if k != "pagina"}
    base = urlencode({k: v for k, v in query.items() if v})
    ctx.log("signalen.lijst", base or "alle", f"{total} signalen, pagina {current}")
    return ctx.render("signalen.html", nav="signalen", rows=rows, f=query, rules=rules,
                      total=total, in_scope=scoped.height, page=current, pages=pages,
                      base=base, statussen=STATUSSEN, besluiten=BESLUITEN)


def signal_page(ctx: Ctx, form: FormData | None) -> Response:
    signal_id = str(ctx.request.path_params["signal_id"])
    signal = signal_for(ctx.review.cache, ctx.user, signal_id)
    if signal is None:
        return ctx.not_found("signaal", signal_id)
    if form is not None:
        return _decide(ctx, signal_id, form)
    history = ctx.review.decisions.signal_history().filter(
        pl.col("signal_id") == signal_id).sort("id", descending=True).to_dicts()
    tables = evidence_tables(ctx.review.cache, ctx.user, signal["evidence"])
    svg = neighbourhood_svg(ctx.review.cache, ctx.user, signal)
    ctx.log("signaal.bekijken", signal_id)
    return ctx.render("signaal.html", nav="signalen", s=signal, history=history,
                      tables=tables, svg=svg, besluiten=BESLUITEN, kern=_core(ctx, signal),
                      huidig=history[0]["besluit"] if history else "open")


def _core(ctx: Ctx, signal: dict[str, Any]) -> list[dict[str, Any]]:
    """The core entities with a readable name; those the user may not see, without link."""
    mentions = ctx.review.cache.mentions().filter(pl.col("entity_id").is_in(signal["entity_ids"]))
    visible = mentions_in_scope(mentions, ctx.review.cache, ctx.user)
    first = {r["entity_id"]: r for r in visible.unique("entity_id", keep="first")
             .iter_rows(named=True)}
    return [{"id": e, "naam": mention_label(first[e]) if e in first else None,
             "soort": first[e]["entity_type"] if e in first else ""}
            for e in signal["entity_ids"]]


def _decide(ctx: Ctx, signal_id: str, form: FormData) -> Response:
    besluit = str(form.get("besluit") or "")
    notitie = str(form.get("notitie") or "").strip()[:4000]
    if besluit not in SIGNAALBESLUITEN:
        ctx.log("signaal.besluit", signal_id, "geweigerd: onbekend besluit")
        return ctx.redirect(f"/signalen/{signal_id}", "Kies een besluit.")
    ctx.review.decisions.record_signal(signal_id, besluit, ctx.user.login, notitie)
    ctx.log("signaal.besluit", signal_id, besluit)
    return ctx.redirect(f"/signalen/{signal_id}",
                        f"Besluit vastgelegd: {BESLUITEN[besluit].lower()}.")
