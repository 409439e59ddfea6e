"""GET /entiteiten/{entity_id} (an entity with all its mentions) and GET /audit."""

from __future__ import annotations

import polars as pl
from starlette.datastructures import FormData
from starlette.responses import Response

from review.evidence import REGISTERNAMEN, mention_label, show
from review.scope import entity_mentions, signals_in_scope
from review.web import Ctx

SOORTEN = {"persoon": "Persoon", "organisatie": "Organisatie", "adres": "Adres"}
AUDIT_PER_PAGE = 100


def entity_page(ctx: Ctx, form: FormData | None) -> Response:
    entity_id = str(ctx.request.path_params["entity_id"])
    mentions = entity_mentions(ctx.review.cache, ctx.user, entity_id)
    if mentions is None:
        return ctx.not_found("entiteit", entity_id)
    mentions = mentions.sort(["datum", "register", "record_id"], descending=[True, False, False],
                             nulls_last=True)
    rows = []
    for m in mentions.iter_rows(named=True):
        rows.append({
            "register": REGISTERNAMEN.get(m["register"], m["register"]),
            "record": m["record_id"], "rol": m["role"], "gemeente": m.get("gemeentecode") or "",
            "datum": show(m.get("datum")), "naam": mention_label(m),
            "geboren": show(m.get("geboortedatum")), "id": show(m.get("id_hash"), "id_hash"),
            "zekerheid": m.get("confidence") or 0.0,
        })
    first = mentions.row(0, named=True)
    signals = signals_in_scope(ctx.review.cache.signals(), ctx.user).filter(
        pl.col("entity_ids").list.contains(entity_id)).select(
        "signal_id", "titel", "score", "gemeentecodes", "status").to_dicts()
    per_register = mentions.group_by("register").len().sort("register").to_dicts()
    ctx.log("entiteit.bekijken", entity_id, f"{len(rows)} vermeldingen")
    return ctx.render("entiteit.html", nav="", entity_id=entity_id,
                      soort=SOORTEN.get(first["entity_type"], first["entity_type"]),
                      naam=mention_label(first), rows=rows, signals=signals,
                      per_register=[(REGISTERNAMEN.get(r["register"], r["register"]), r["len"])
                                    for r in per_register])


def audit_page(ctx: Ctx, form: FormData | None) -> Response:
    params = ctx.request.query_params
    wie = (params.get("wie") or "").strip()[:40]
    actie = (params.get("actie") or "").strip()[:60]
    page_text = params.get("pagina") or "1"
    page = max(1, int(page_text)) if page_text.isdigit() and len(page_text) < 7 else 1
    rows, total = ctx.review.audit.page((page - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE,
                                        wie or None, actie or None)
    check: dict[str, object] | None = None
    result = "ok"
    if params.get("controle") == "1":
        checked, problems = ctx.review.audit.verify()
        check = {"aantal": checked, "problemen": [str(p) for p in problems]}
        result = f"controle: {len(problems)} problemen"
    ctx.log("audit.bekijken", f"pagina {page}", result)
    pages = max(1, -(-total // AUDIT_PER_PAGE))
    return ctx.render("audit.html", nav="audit", rows=rows, total=total, page=min(page, pages),
                      pages=pages, wie=wie, actie=actie, check=check)
