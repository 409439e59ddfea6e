"""netwerk.*: rules across all registers, on mentions and on the entity graph.

Risk markers (signals.md): a 13b measure (status that counts) on the premises, its owner or
occupant; a Bibob refusal, withdrawal or `ernstige_mate` on every party of the dossier and
its locatie; a heling signal on its entities. Groups, clusters and bridges are taken in the
graph without hubs (dealers, hosts and their addresses), so a hub never connects customers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from graph.config import (
    AdresVeelPersonen,
    BovenlokaalCluster,
    Brug,
    Convergentie,
    Identiteit,
)
from graph.edges import node_expr
from graph.rules._common import Context, empty_raw, flat, raw
from transforms.schema import DAMOCLES_STATUS_TELT

# address roles that say where a premises is (not where a person lives)
PAND_ROLLEN = ("pand", "locatie", "adres:opkoper", "adres:logies")
MAX_EVIDENCE_PER_REGISTER = 50  # convergence of a busy dealer: the latest rows suffice
MAX_FEITEN_PER_GROEP = 25  # a bridge's evidence: this many markers of each group


def _maanden(n: int) -> timedelta:
    return timedelta(days=round(n * 365.25 / 12))


def convergentie(ctx: Context, t: Convergentie) -> pl.DataFrame:
    """One entity in several registers within the window."""
    binnen = ctx.frames.index.filter(
        pl.col("datum_van") >= ctx.as_of - _maanden(t.venster_maanden)).select("ev", "datum_van")
    lazy = (ctx.frames.mentions.lazy()
            .select("entity_type", "role", "entity_id", "register", "ev")
            .filter((pl.col("entity_type") != "adres") | pl.col("role").is_in(PAND_ROLLEN)))
    if t.min_registers >= 2:
        # an entity in two registers is in one besides the nachtregister (by far the biggest):
        # of the nachtregister's mentions only those of such entities can count
        elders = lazy.filter(pl.col("register") != "nachtregister").select(
            pl.col("entity_id").unique()).collect().to_series()
        lazy = lazy.filter((pl.col("register") != "nachtregister")
                           | pl.col("entity_id").is_in(elders.implode())
                           | pl.col("entity_id").is_null())
    m = (lazy.filter(pl.col("ev").is_in(binnen["ev"].implode()))
         .select("entity_id", "register", "ev").collect())
    paren = m.select("entity_id", "register").unique()
    if t.min_registers >= 2:  # only entities in more than one register can count
        paren = paren.filter(pl.col("entity_id").is_duplicated())
    regs = (paren.group_by("entity_id").agg(pl.col("register").sort().alias("registers"))
            .filter(pl.col("registers").list.len() >= t.min_registers))
    if regs.is_empty():
        return empty_raw()
    ev = (m.join(regs.select("entity_id"), on="entity_id").join(binnen, on="ev")
          .unique(["entity_id", "ev"])
          .sort(["datum_van", "ev"], descending=[True, False])  # the latest rows
          .group_by("entity_id", "register", maintain_order=True)
          .head(MAX_EVIDENCE_PER_REGISTER)
          .group_by("entity_id").agg(pl.col("ev").alias("evidence")))
    per = regs.join(ev, on="entity_id").sort("entity_id")
    return per.select(
        pl.concat_list("entity_id").alias("kern"), pl.concat_list("entity_id").alias("entity_ids"),
        "evidence",
        pl.format("Komt voor in {} registers binnen {} maanden: {} (drempel {}).",
                  pl.col("registers").list.len(), pl.lit(t.venster_maanden),
                  pl.col("registers").list.join(", "), pl.lit(t.min_registers))
        .alias("toelichting"),
        ((pl.col("registers").list.len() - 1) / 3).cast(pl.Float64).alias("score"))


def _naamdelen(df: pl.DataFrame, p: str) -> list[pl.Expr]:
    """A register's tussenvoegsel and surname columns, as `tussenvoegsel_norm` (or
    `tussenvoegsel` where no normalised one exists) and `achternaam_norm`."""
    tv = f"{p}tussenvoegsel_norm"
    tv = tv if tv in df.columns else f"{p}tussenvoegsel"
    return [pl.col(tv).alias("tussenvoegsel"),
            pl.col(f"{p}achternaam_norm").alias("achternaam_norm")]


def _achternaam(df: pl.DataFrame, p: str) -> pl.Expr:
    """The whole surname, tussenvoegsel included, letters only: "van de Laar", "vandeLaar"
    and "VANDELAAR" are one name (registers glue and split tussenvoegsels at will)."""
    tv = f"{p}tussenvoegsel_norm"
    tv = tv if tv in df.columns else f"{p}tussenvoegsel"
    naam = pl.concat_str(pl.col(tv).fill_null("").str.to_lowercase(),
                         pl.col(f"{p}achternaam_norm")).str.replace_all(r"[^\p{L}]", "")
    return pl.when(naam != "").then(naam)


def identiteit(ctx: Context, t: Identiteit) -> pl.DataFrame:
    """One ID-number hash used with clearly different surnames or birth dates."""
    f = ctx.frames
    d = pl.concat([
        f.dor.select(pl.col("verkoper_id_nummer").alias("id"), "ev",
                     pl.col("verkoper").alias("eid"),
                     *_naamdelen(f.dor, "verkoper_"),
                     pl.col("verkoper_geboortedatum").alias("geb")),
        f.nacht.select(pl.col("id_nummer").alias("id"), "ev", pl.col("gast").alias("eid"),
                       *_naamdelen(f.nacht, "gast_"),
                       pl.col("gast_geboortedatum").alias("geb")),
    ])
    # a number used once has one name and one birth date: only the others are compared
    d = (d.filter(pl.col("id").is_not_null() & pl.col("id").is_duplicated())
         .with_columns(_achternaam(d, "").alias("naam"))
         .select("id", "ev", "eid", "naam", "geb"))
    groups = (d.group_by("id").agg(pl.col("naam").drop_nulls().unique().sort(),
                                   pl.col("geb").drop_nulls().unique().sort(),
                                   pl.col("eid").drop_nulls().unique().sort(), pl.col("ev"))
              .filter((pl.col("naam").list.len() > 1) | (pl.col("geb").list.len() > 1))
              .sort("id"))
    rows = []
    for r in groups.iter_rows(named=True):
        namen: list[str] = r["naam"]
        laagst = min((fuzz.ratio(a, b) for i, a in enumerate(namen) for b in namen[i + 1:]),
                     default=100.0)
        verschil_naam = laagst < t.max_naamgelijkenis
        if not (verschil_naam or len(r["geb"]) > 1):
            continue
        delen = []
        if verschil_naam:
            delen.append(f"{len(namen)} achternamen (laagste gelijkenis {laagst:.0f}, "
                         f"drempel {t.max_naamgelijkenis:g})")
        if len(r["geb"]) > 1:
            delen.append(f"{len(r['geb'])} geboortedata")
        rows.append({
            "kern": [f"idnummer:{r['id']}"], "entity_ids": r["eid"], "evidence": r["ev"],
            "toelichting": f"Eén documentnummer gebruikt met {' en '.join(delen)}, "
                           f"in {len(r['ev'])} registraties.",
            "score": min(1.0, 0.5 + 0.2 * (len(namen) + len(r["geb"]) - 2)),
        })
    return raw(rows)


def adres_veel_personen(ctx: Context, t: AdresVeelPersonen) -> pl.DataFrame:
    """A non-accommodation address given by many different persons within the window."""
    binnen = ctx.frames.index.filter(
        pl.col("datum_van") >= ctx.as_of - _maanden(t.venster_maanden)).select("ev")
    m = ctx.frames.mentions.filter(pl.col("entity_type").is_in(["adres", "persoon"])).join(
        binnen, on="ev", how="semi")
    adres = m.filter((pl.col("entity_type") == "adres") & pl.col("role").str.starts_with("adres:")
                     & ~pl.col("role").is_in(PAND_ROLLEN)
                     & ~pl.col("entity_id").is_in(list(ctx.frames.hubs))).select(
        "ev", "register", "record_id", pl.col("role").str.strip_prefix("adres:").alias("role"),
        "n", pl.col("entity_id").alias("adres"))
    pers = m.filter(pl.col("entity_type") == "persoon").select(
        "register", "record_id", "role", "n", pl.col("entity_id").alias("persoon"))
    sleutel = ["register", "record_id", "role", "n"]
    if not pers.select(pl.struct(sleutel).is_duplicated().any()).item():
        # one person per row: an address given on fewer rows cannot have that many persons
        vaak = adres.group_by("adres").len().filter(pl.col("len") >= t.min_personen)
        adres = adres.join(vaak.select("adres"), on="adres", how="semi")
    j = adres.join(pers, on=sleutel)
    per = (j.group_by("adres").agg(pl.col("persoon").unique().sort(), pl.col("ev").unique())
           .filter(pl.col("persoon").list.len() >= t.min_personen).sort("adres"))
    if per.is_empty():
        return empty_raw()
    return per.select(
        pl.concat_list("adres").alias("kern"),
        pl.concat_list("adres", "persoon").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Adres opgegeven door {} verschillende personen binnen {} maanden (drempel {}).",
                  pl.col("persoon").list.len(), pl.lit(t.venster_maanden),
                  pl.lit(t.min_personen)).alias("toelichting"),
        (pl.col("persoon").list.len() / (2 * t.min_personen)).cast(pl.Float64).alias("score"))


def risk_markers(ctx: Context) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """node -> marker facts, and fact -> its evidence rows (computed once per run)."""
    if "_markers" not in ctx.cache:
        ctx.cache["_markers"] = _risk_markers(ctx)
    result: tuple[dict[str, set[str]], dict[str, list[str]]] = ctx.cache["_markers"]
    return result


def _risk_markers(ctx: Context) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    f = ctx.frames
    per_node: dict[str, set[str]] = defaultdict(set)
    bewijs: dict[str, list[str]] = {}
    dam = f.damocles.filter(pl.col("status").is_in(list(DAMOCLES_STATUS_TELT)))
    bib = f.betrokkenen.filter(pl.col("besluit").is_in(["geweigerd", "ingetrokken"])
                               | (pl.col("mate_van_gevaar") == "ernstige_mate"))
    bib_loc = f.dossiers.filter(pl.col("besluit").is_in(["geweigerd", "ingetrokken"])
                                | (pl.col("mate_van_gevaar") == "ernstige_mate"))
    bronnen = [
        dam.select("ev", node_expr("pand", "pand_etype").alias("node")),
        dam.select("ev", node_expr("eigenaar", "eigenaar_etype").alias("node")),
        dam.select("ev", node_expr("bewoner", "bewoner_etype").alias("node")),
        bib.select("ev", node_expr("eid", "eid_etype").alias("node")),
        bib_loc.select("ev", node_expr("locatie", "locatie_etype").alias("node")),
    ]
    for src in bronnen:
        for ev, node in src.drop_nulls().iter_rows():
            per_node[node].add(ev)
            bewijs[ev] = [ev]
    heling = [sig.select("signal_id", "entity_ids", "evidence")
              for code, sig in ctx.done.items() if code.startswith("heling.")]
    if not heling:
        return per_node, bewijs
    sigs = pl.concat(heling)
    for sid, ev in sigs.select("signal_id", "evidence").iter_rows():
        bewijs[f"signaal:{sid}"] = ev
    # every graph node of a signal's entity ids, addresses left out
    nodes = ctx.net.nodes.filter(pl.col("soort").ne_missing("adres")).select("entity_id", "node")
    hits = (sigs.select("signal_id", pl.col("entity_ids").alias("entity_id"))
            .explode("entity_id").join(nodes, on="entity_id"))
    for sid, node in hits.select("signal_id", "node").iter_rows():
        per_node[node].add(f"signaal:{sid}")
    return per_node, bewijs


def _marked(ctx: Context) -> pl.DataFrame:
    """The nodes with a risk marker in the graph without hubs: node, entity_id, comp."""
    if "_marked" not in ctx.cache:
        per_node, _ = risk_markers(ctx)
        keys = pl.DataFrame({"node": sorted(n for n, feiten in per_node.items() if feiten)},
                            schema={"node": pl.String})
        ctx.cache["_marked"] = keys.join(
            ctx.net.nodes.filter(~pl.col("hub")).select("node", "entity_id", "comp"),
            on="node").sort("node")
    marked: pl.DataFrame = ctx.cache["_marked"]
    return marked


def _components(ctx: Context, comps: list[int]) -> dict[int, dict[str, Any]]:
    """Per component: its size, entity ids (sorted) and municipalities (computed once)."""
    known: dict[int, dict[str, Any]] = ctx.cache.setdefault("_components", {})
    todo = [c for c in comps if c not in known]
    if todo:
        members = ctx.net.nodes.filter(pl.col("comp").is_in(todo))
        per = (members.join(ctx.net.gemeentecodes(members), on="node", how="left")
               .group_by("comp")
               .agg(pl.len().alias("n"), pl.col("entity_id").sort().alias("eids"),
                    flat("gemeentecodes").drop_nulls().unique().sort().alias("gemeenten")))
        for c, n, eids, gemeenten in per.iter_rows():
            known[c] = {"n": n, "eids": eids, "gemeenten": gemeenten}
    return {c: known[c] for c in comps}


def _edge_evidence(ctx: Context, comps: list[int]) -> dict[int, list[str]]:
    """Per component: the evidence of every relation between its entities."""
    if not comps:
        return {}
    comp_of = ctx.net.nodes.select(pl.col("node").alias("un"), "comp")
    ends = (ctx.net.ends.filter(pl.col("in_u"))
            .join(comp_of, on="un").filter(pl.col("comp").is_in(comps)))
    e = (ctx.net.edge_evidence(ends).join(comp_of, on="un")
         .group_by("comp").agg(flat("evidence").unique()))
    found: dict[int, list[str]] = dict(e.iter_rows())
    return {c: found.get(c, []) for c in comps}


def bovenlokaal_cluster(ctx: Context, t: BovenlokaalCluster) -> pl.DataFrame:
    """A connected group (hubs left out) with several risk markers in several municipalities."""
    per_node, bewijs = risk_markers(ctx)
    marked = (_marked(ctx).group_by("comp", maintain_order=True)
              .agg(pl.col("node"), pl.col("entity_id")))  # in order of the first marked node
    info = _components(ctx, marked["comp"].to_list())
    keep = []
    for c, nodes, eids in marked.iter_rows():
        feiten: set[str] = set().union(*(per_node[n] for n in nodes))
        if len(feiten) >= t.min_risicomarkers and len(info[c]["gemeenten"]) >= t.min_gemeenten:
            keep.append((c, eids, feiten))
    edge_ev = _edge_evidence(ctx, [c for c, _, _ in keep])
    rows = []
    for c, eids, feiten in keep:
        gemeenten = info[c]["gemeenten"]
        ev = set(edge_ev[c])
        for feit in feiten:
            ev.update(bewijs[feit])
        rows.append({
            "kern": eids, "entity_ids": info[c]["eids"], "evidence": sorted(ev),
            "toelichting": (
                f"Verbonden groep van {info[c]['n']} entiteiten met {len(feiten)} risicomarkers "
                f"op {len(eids)} entiteiten, in {len(gemeenten)} gemeenten "
                f"({', '.join(gemeenten)}) (drempels {t.min_risicomarkers} markers, "
                f"{t.min_gemeenten} gemeenten)."),
            "score": min(1.0, 0.2 * len(feiten) + 0.1 * len(gemeenten)),
        })
    return raw(rows)


def split_parts(h: Mapping[str, Iterable[str]], facts: dict[str, set[str]],
                min_parts: int = 2) -> dict[str, list[set[str]]]:
    """For each cut vertex v of the connected graph h (node -> neighbours) that leaves at
    least `min_parts` parts holding markers: the marker facts of each such part (v's own facts
    not counted).
    Iterative Tarjan; marked-node counts first, fact counters only where they matter."""
    root = next(iter(h))
    disc = {root: 0}
    low = {root: 0}
    marks = {root: int(root in facts)}
    leeg: Counter[str] = Counter()  # shared by every subtree without markers (never mutated)
    sub: dict[str, Counter[str]] = {root: Counter(facts.get(root, ()))}
    sep: dict[str, list[str]] = defaultdict(list)
    counter = 1
    stack = [(root, "", iter(h[root]))]
    while stack:
        v, parent, it = stack[-1]
        for w in it:
            if w == parent:
                continue
            if w in disc:
                low[v] = min(low[v], disc[w])
            else:
                disc[w] = low[w] = counter
                counter += 1
                marks[w] = int(w in facts)
                sub[w] = Counter(facts[w]) if w in facts else leeg
                stack.append((w, v, iter(h[w])))
                break
        else:
            stack.pop()
            if parent:
                low[parent] = min(low[parent], low[v])
                marks[parent] += marks[v]
                if marks[v]:
                    if sub[parent] is leeg:
                        sub[parent] = Counter()
                    sub[parent].update(sub[v])
                if low[v] >= disc[parent]:
                    sep[parent].append(v)
    out: dict[str, list[set[str]]] = {}
    for v, children in sep.items():
        counts = [marks[c] for c in children]
        rest_marks = 0 if v == root else marks[root] - int(v in facts) - sum(counts)
        if sum(1 for n in counts if n) + (rest_marks > 0) < min_parts:
            continue
        sets = [set(sub[c]) for c in children if marks[c]]
        if rest_marks > 0:
            rest = Counter(sub[root])
            rest.subtract(facts.get(v, ()))
            for c in children:
                rest.subtract(sub[c])
            sets.append({k for k, n in rest.items() if n > 0})
        out[v] = sets
    return out


def risk_groups(parts: list[set[str]]) -> list[set[str]]:
    """Merge parts that share a marker fact: they are one risk group, not two."""
    groups: list[set[str]] = []
    for p in parts:
        p = set(p)
        for g in [g for g in groups if g & p]:
            p |= g
            groups.remove(g)
        groups.append(p)
    return groups


def _incident_evidence(ctx: Context, brokers: list[str]) -> dict[str, set[str]]:
    """Per node: the evidence of its own relations with entities that are no hub."""
    wanted = pl.Series(brokers, dtype=pl.String).implode()
    ends = ctx.net.ends.filter(pl.col("in_u")
                               & (pl.col("un").is_in(wanted) | pl.col("vn").is_in(wanted)))
    e = ctx.net.edge_evidence(ends)
    per = (pl.concat([e.filter(pl.col("un").is_in(wanted)).select(pl.col("un").alias("v"),
                                                                  "evidence"),
                      e.filter(pl.col("vn").is_in(wanted)).select(pl.col("vn").alias("v"),
                                                                  "evidence")])
           .group_by("v").agg(flat("evidence").unique()))
    found = {v: set(ev) for v, ev in per.iter_rows()}
    return {v: found.get(v, set()) for v in brokers}


def brug(ctx: Context, t: Brug) -> pl.DataFrame:
    """A person or organisation whose removal separates risk groups.

    entity_ids: the broker and its (non-hub) neighbours; evidence: the broker's own relations
    and the rows behind the groups' markers (at most MAX_FEITEN_PER_GROEP markers a group)."""
    per_node, bewijs = risk_markers(ctx)
    marked = (_marked(ctx).group_by("comp", maintain_order=True).agg(pl.col("node"))
              .filter(pl.col("node").list.len() >= t.min_groepen))
    if marked.is_empty():
        return empty_raw()
    comps = marked["comp"].to_list()
    adj = ctx.net.adjacency(comps)
    info = (ctx.net.nodes.filter(pl.col("comp").is_in(comps))
            .select("node", "entity_id", "soort", "comp"))
    eid = dict(zip(info["node"].to_list(), info["entity_id"].to_list(), strict=True))
    soort = dict(zip(info["node"].to_list(), info["soort"].to_list(), strict=True))
    members: dict[int, list[str]] = defaultdict(list)
    for node, c in info.select("node", "comp").iter_rows():
        members[c].append(node)
    found = []
    for c, nodes in marked.iter_rows():
        h = {n: adj[n] for n in members[c]}
        facts = {n: per_node[n] for n in nodes}
        for v, parts in sorted(split_parts(h, facts, t.min_groepen).items()):
            if soort[v] == "adres":
                continue
            groepen = sorted(risk_groups(parts), key=lambda x: (-len(x), sorted(x)))
            if len(groepen) >= t.min_groepen:
                found.append((v, groepen))
    eigen = _incident_evidence(ctx, [v for v, _ in found])
    rows = []
    for v, groepen in found:
        ev = set(eigen[v])
        for groep in groepen:
            for feit in sorted(groep)[:MAX_FEITEN_PER_GROEP]:
                ev.update(bewijs[feit])
        rows.append({
            "kern": [eid[v]],
            "entity_ids": [eid[v], *(eid[n] for n in adj[v])],
            "evidence": sorted(ev),
            "toelichting": (
                f"Verbindt {len(groepen)} risicogroepen die zonder deze entiteit gescheiden "
                f"zijn (risicomarkers per groep: "
                f"{', '.join(str(len(x)) for x in groepen)}; drempel {t.min_groepen} "
                f"groepen)."),
            "score": min(1.0, 0.3 * len(groepen)),
        })
    return raw(rows)
