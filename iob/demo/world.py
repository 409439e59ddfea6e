"""The shared state of one generation run: records, ground truth, planted cases."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from iob.demo.messiness import Mess
from iob.demo.people import Person, Population

Value = str | date | int | float | None


@dataclass(slots=True)
class Record:
    """One row of one table; the record id is assigned late, in date order."""

    table: str  # dor, nachtregister, bibob_dossiers, bibob_betrokkenen, damocles
    gemeente: str
    day: date  # decides the delivery file; every restricted date in the row is <= its delivery
    values: dict[str, Value]
    seq: int = 0
    record_id: str = ""
    parent: Record | None = None  # bibob betrokkene -> dossier
    planted: bool = False
    duplicate: bool = False

    @property
    def register(self) -> str:
        return "bibob" if self.table.startswith("bibob") else self.table

    @property
    def ref(self) -> str:
        rid = self.parent.record_id if self.parent is not None else self.record_id
        return f"{self.register}:{rid}"


@dataclass(slots=True)
class Mention:
    record: Record
    role: str
    person: Person


@dataclass(slots=True)
class Case:
    case: str
    rule: str
    gemeentecodes: list[str]
    evidence: list[Record]
    must_flag: bool
    note: str = ""


@dataclass
class World:
    rng: random.Random
    scale: float
    pop: Population
    mess: Mess
    records: list[Record] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    @classmethod
    def new(cls, seed: int, scale: float) -> World:
        rng = random.Random(seed)
        return cls(rng, scale, Population(random.Random(rng.getrandbits(64))),
                   Mess(random.Random(rng.getrandbits(64))))

    def add(self, rec: Record) -> Record:
        rec.seq = len(self.records)
        self.records.append(rec)
        return rec

    def count(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def mention(self, rec: Record, role: str, person: Person) -> None:
        self.mentions.append(Mention(rec, role, person))

    def case(self, rule: str, evidence: list[Record], must_flag: bool = True,
             note: str = "") -> Case:
        n = sum(1 for c in self.cases if c.rule == rule) + 1
        gemeenten = sorted({r.parent.gemeente if r.parent else r.gemeente for r in evidence})
        c = Case(f"{rule}#{n}", rule, gemeenten, evidence, must_flag, note)
        for r in evidence:
            r.planted = True
        self.cases.append(c)
        return c
