"""The signal rules, one module per family; `RULES` maps every rule code to its function.

Order matters: the netwerk rules read the heling signals (risk markers), so heling runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from graph.rules import bibob, damocles, heling, netwerk, verblijf
from graph.rules._common import Context

Rule = Callable[[Context, Any], pl.DataFrame]

RULES: dict[str, Rule] = {
    "heling.veelaanbieder": heling.veelaanbieder,
    "heling.serienummer": heling.serienummer,
    "heling.prijs": heling.prijs,
    "heling.bewaartermijn": heling.bewaartermijn,
    "heling.contant_zonder_id": heling.contant_zonder_id,
    "heling.stopheling_opkoper": heling.stopheling_opkoper,
    "heling.reizende_verkoper": heling.reizende_verkoper,
    "verblijf.langdurig": verblijf.langdurig,
    "verblijf.groepshuisvesting": verblijf.groepshuisvesting,
    "verblijf.parkhoppen": verblijf.parkhoppen,
    "verblijf.registratiekwaliteit": verblijf.registratiekwaliteit,
    "bibob.doorwerking": bibob.doorwerking,
    "bibob.zelfde_locatie": bibob.zelfde_locatie,
    "bibob.financier": bibob.financier,
    "bibob.stapelbestuurder": bibob.stapelbestuurder,
    "damocles.eigenaar_herhaling": damocles.eigenaar_herhaling,
    "damocles.adres_herhaling": damocles.adres_herhaling,
    "damocles.productie_buitengebied": damocles.productie_buitengebied,
    "netwerk.convergentie": netwerk.convergentie,
    "netwerk.identiteit": netwerk.identiteit,
    "netwerk.adres_veel_personen": netwerk.adres_veel_personen,
    "netwerk.bovenlokaal_cluster": netwerk.bovenlokaal_cluster,
    "netwerk.brug": netwerk.brug,
}
