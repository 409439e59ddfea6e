"""Rule thresholds: the catalogue's defaults (shared/design/signals.md), per municipality.

One frozen dataclass per rule; `Thresholds` holds them all by rule code. Overrides come as a
plain dict (the lead loads it from the settings' TOML file)::

    {
        "heling.veelaanbieder": {"min_goederen": 6},            # every municipality
        "GM0981": {"heling.bewaartermijn": {"werkdagen": 3}},   # Vaals only (wins)
    }

i.e. TOML ``[signalen."heling.veelaanbieder"]`` and ``[signalen.GM0981."heling.bewaartermijn"]``.
A key that is neither a rule code nor a ``GMdddd`` code, an unknown field, or a value of the
wrong type raises `ConfigError` naming it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iob.errors import ConfigError

GEMEENTECODE = re.compile(r"^GM\d{4}$")


@dataclass(frozen=True)
class Veelaanbieder:
    venster_dagen: int = 30
    min_goederen: float = 5
    min_opkopers: int = 2
    min_gemeenten: int = 2
    risicocategorieen: tuple[str, ...] = ("telefoon", "e-bike", "edelmetaal")
    # an item of a theft-prone category counts this many times towards min_goederen
    risicogewicht: float = 1.5


@dataclass(frozen=True)
class Serienummer:
    verplicht_voor: tuple[str, ...] = ("telefoon", "fiets", "e-bike", "laptop", "tablet")
    min_verkopers_zelfde_nummer: int = 2
    min_lengte: int = 5  # shorter serials ("0", "n.v.t.") are not compared across sellers


@dataclass(frozen=True)
class Prijs:
    fractie_mediaan: float = 0.30
    min_vergelijkbaar: int = 10


@dataclass(frozen=True)
class Bewaartermijn:
    werkdagen: int = 5
    goede_vrijdag_vrij: bool = False  # not a general day off in NL
    bevrijdingsdag_elk_jaar: bool = False  # default: a day off in lustrum years only


@dataclass(frozen=True)
class ContantZonderId:
    categorieen: tuple[str, ...] = ("edelmetaal", "sieraad")


@dataclass(frozen=True)
class StophelingOpkoper:
    min_matches_per_kwartaal: int = 2


@dataclass(frozen=True)
class ReizendeVerkoper:
    marge_dagen: int = 3


@dataclass(frozen=True)
class Langdurig:
    min_nachten: int = 90
    venster_maanden: int = 12
    # back-to-back: this many bookings, each starting at most `max_tussenpoos_dagen` after
    # the previous one ended (the catalogue names no number; 2 would flag every extension)
    min_aaneengesloten: int = 3
    max_tussenpoos_dagen: int = 1


@dataclass(frozen=True)
class Groepshuisvesting:
    min_overlap_dagen: int = 28
    min_personen: int = 6
    min_boekingen: int = 2  # "bookings that overlap": one family booking is not a group
    min_aandeel_land: float = 0.5  # "mostly from one country": more than this share


@dataclass(frozen=True)
class Parkhoppen:
    min_logies: int = 3
    venster_dagen: int = 60


@dataclass(frozen=True)
class Registratiekwaliteit:
    max_aandeel: float = 0.10
    min_rijen: int = 5  # hosts with fewer rows (accepted + quarantined) are not judged
    verplichte_velden: tuple[str, ...] = ("gast_voornamen",)
    # > 0: an empty vertrek older than this many days counts as missing. Off by default: the
    # register contract reads an empty vertrek as "still present", not as a gap
    open_vertrek_dagen: int = 0


@dataclass(frozen=True)
class Doorwerking:
    max_afstand: int = 2
    venster_maanden: int = 24  # "new" application: aanvraagdatum in this window
    max_bewoners_adres: int = 10  # addresses with more people link nobody (like hubs)


@dataclass(frozen=True)
class ZelfdeLocatie:
    venster_maanden: int = 24


@dataclass(frozen=True)
class Financier:
    binnenland: str = "NL"


@dataclass(frozen=True)
class Stapelbestuurder:
    min_dossiers: int = 3
    venster_maanden: int = 24


@dataclass(frozen=True)
class EigenaarHerhaling:
    min_panden: int = 2
    venster_jaren: int = 5


@dataclass(frozen=True)
class AdresHerhaling:
    min_bevindingen: int = 2


@dataclass(frozen=True)
class ProductieBuitengebied:
    grondslagen: tuple[str, ...] = ("13b_b",)
    pandtypen: tuple[str, ...] = ("agrarisch", "bedrijfspand")


@dataclass(frozen=True)
class Convergentie:
    min_registers: int = 2
    venster_maanden: int = 24


@dataclass(frozen=True)
class Identiteit:
    max_naamgelijkenis: float = 80.0  # rapidfuzz ratio below this = clearly different


@dataclass(frozen=True)
class AdresVeelPersonen:
    min_personen: int = 5
    venster_maanden: int = 12


@dataclass(frozen=True)
class BovenlokaalCluster:
    min_risicomarkers: int = 2
    min_gemeenten: int = 2


@dataclass(frozen=True)
class Brug:
    min_groepen: int = 2


@dataclass(frozen=True)
class Thresholds:
    """Every rule's thresholds, keyed by rule code in `by_code`."""

    veelaanbieder: Veelaanbieder = field(default_factory=Veelaanbieder)
    serienummer: Serienummer = field(default_factory=Serienummer)
    prijs: Prijs = field(default_factory=Prijs)
    bewaartermijn: Bewaartermijn = field(default_factory=Bewaartermijn)
    contant_zonder_id: ContantZonderId = field(default_factory=ContantZonderId)
    stopheling_opkoper: StophelingOpkoper = field(default_factory=StophelingOpkoper)
    reizende_verkoper: ReizendeVerkoper = field(default_factory=ReizendeVerkoper)
    langdurig: Langdurig = field(default_factory=Langdurig)
    groepshuisvesting: Groepshuisvesting = field(default_factory=Groepshuisvesting)
    parkhoppen: Parkhoppen = field(default_factory=Parkhoppen)
    registratiekwaliteit: Registratiekwaliteit = field(default_factory=Registratiekwaliteit)
    doorwerking: Doorwerking = field(default_factory=Doorwerking)
    zelfde_locatie: ZelfdeLocatie = field(default_factory=ZelfdeLocatie)
    financier: Financier = field(default_factory=Financier)
    stapelbestuurder: Stapelbestuurder = field(default_factory=Stapelbestuurder)
    eigenaar_herhaling: EigenaarHerhaling = field(default_factory=EigenaarHerhaling)
    adres_herhaling: AdresHerhaling = field(default_factory=AdresHerhaling)
    productie_buitengebied: ProductieBuitengebied = field(default_factory=ProductieBuitengebied)
    convergentie: Convergentie = field(default_factory=Convergentie)
    identiteit: Identiteit = field(default_factory=Identiteit)
    adres_veel_personen: AdresVeelPersonen = field(default_factory=AdresVeelPersonen)
    bovenlokaal_cluster: BovenlokaalCluster = field(default_factory=BovenlokaalCluster)
    brug: Brug = field(default_factory=Brug)

    def by_code(self, code: str) -> Any:
        return getattr(self, FIELD_BY_CODE[code])


_FAMILIES: dict[str, tuple[str, ...]] = {
    "heling": ("veelaanbieder", "serienummer", "prijs", "bewaartermijn", "contant_zonder_id",
               "stopheling_opkoper", "reizende_verkoper"),
    "verblijf": ("langdurig", "groepshuisvesting", "parkhoppen", "registratiekwaliteit"),
    "bibob": ("doorwerking", "zelfde_locatie", "financier", "stapelbestuurder"),
    "damocles": ("eigenaar_herhaling", "adres_herhaling", "productie_buitengebied"),
    "netwerk": ("convergentie", "identiteit", "adres_veel_personen", "bovenlokaal_cluster",
                "brug"),
}
FIELD_BY_CODE: dict[str, str] = {
    f"{family}.{name}": name for family, names in _FAMILIES.items() for name in names
}
RULE_CODES: tuple[str, ...] = tuple(FIELD_BY_CODE)

Overrides = Mapping[str, Mapping[str, Any]]


def _coerce(code: str, name: str, default: Any, value: Any) -> Any:
    where = f"drempel {code}.{name}"
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: verwacht true/false, kreeg {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: verwacht een lijst met tekst, kreeg {value!r}")
        return tuple(value)
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: verwacht een getal, kreeg {value!r}")
        if isinstance(default, int) and not isinstance(default, bool) and float(value) != int(
            value
        ):
            raise ConfigError(f"{where}: verwacht een geheel getal, kreeg {value!r}")
        return type(default)(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: verwacht tekst, kreeg {value!r}")
        return value
    raise ConfigError(f"{where}: kan niet worden ingesteld")


def _apply(base: Thresholds, rules: Mapping[str, Any], source: str) -> Thresholds:
    changes: dict[str, Any] = {}
    for code, values in rules.items():
        if code not in FIELD_BY_CODE:
            raise ConfigError(
                f"{source}: onbekende regel {code!r}; bekende regels: {', '.join(RULE_CODES)}"
            )
        if not isinstance(values, Mapping):
            raise ConfigError(f"{source}: {code} moet een tabel met drempels zijn")
        current = base.by_code(code)
        known = {f.name: getattr(current, f.name) for f in dataclasses.fields(current)}
        updates: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                raise ConfigError(
                    f"{source}: {code} kent geen drempel {name!r}; wel: {', '.join(known)}"
                )
            updates[name] = _coerce(code, name, known[name], value)
        changes[FIELD_BY_CODE[code]] = dataclasses.replace(current, **updates)
    return dataclasses.replace(base, **changes)


def validate_overrides(overrides: Overrides) -> None:
    """Raise ConfigError for any unknown key, field or badly typed value."""
    for code in {k for k in overrides if GEMEENTECODE.match(k)}:
        thresholds_for(code, overrides)
    thresholds_for("GM0000", overrides)


def thresholds_for(gemeentecode: str, overrides: Overrides | None = None) -> Thresholds:
    """The thresholds that hold for one municipality: defaults, then global overrides,
    then the municipality's own overrides."""
    overrides = overrides or {}
    general = {k: v for k, v in overrides.items() if not GEMEENTECODE.match(k)}
    result = _apply(Thresholds(), general, "signalen")
    own = overrides.get(gemeentecode)
    if own is not None:
        if not isinstance(own, Mapping):
            raise ConfigError(f"signalen.{gemeentecode} moet een tabel met regels zijn")
        result = _apply(result, own, f"signalen.{gemeentecode}")
    return result


@dataclass(frozen=True)
class SignalConfig:
    """What `compute_signals` needs: the overrides (validated on construction)."""

    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_overrides(self.overrides)

    def for_gemeente(self, gemeentecode: str) -> Thresholds:
        return thresholds_for(gemeentecode, self.overrides)
