"""DOR (opkopersregister): dealers, an item catalogue and the background purchases."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from iob.demo.calendar import END, START, delivery_for
from iob.demo.people import ALNUM, Person, imei
from iob.demo.world import Record, Value, World


@dataclass(frozen=True, slots=True)
class Dealer:
    kvk: str
    naam: str
    postcode: str
    huisnummer: str
    gemeente: str
    weight: float
    focus: tuple[str, ...]  # categories the dealer mostly buys


@dataclass(frozen=True, slots=True)
class Model:
    categorie: str
    merk: str
    type: str
    prijs: float
    serial: str  # imei, frame, alnum, none


CATALOGUE: tuple[Model, ...] = (
    Model("telefoon", "Apple", "iPhone 13", 260, "imei"),
    Model("telefoon", "Apple", "iPhone 14", 360, "imei"),
    Model("telefoon", "Apple", "iPhone 15", 500, "imei"),
    Model("telefoon", "Samsung", "Galaxy S23", 320, "imei"),
    Model("telefoon", "Samsung", "Galaxy A54", 150, "imei"),
    Model("telefoon", "Google", "Pixel 8", 260, "imei"),
    Model("telefoon", "Xiaomi", "Redmi Note 12", 85, "imei"),
    Model("fiets", "Gazelle", "Orange C7", 320, "frame"),
    Model("fiets", "Batavus", "Finez", 260, "frame"),
    Model("fiets", "Cortina", "U4", 150, "frame"),
    Model("e-bike", "Gazelle", "Ultimate C8", 950, "frame"),
    Model("e-bike", "Stella", "Livorno", 700, "frame"),
    Model("e-bike", "Sparta", "M7b", 1050, "frame"),
    Model("laptop", "Lenovo", "ThinkPad T14", 300, "alnum"),
    Model("laptop", "Apple", "MacBook Air M1", 450, "alnum"),
    Model("laptop", "HP", "EliteBook 840", 240, "alnum"),
    Model("tablet", "Apple", "iPad 9", 180, "alnum"),
    Model("tablet", "Samsung", "Galaxy Tab S8", 250, "alnum"),
    Model("horloge", "Seiko", "5 Sports", 90, "alnum"),
    Model("horloge", "Omega", "Seamaster", 2400, "alnum"),
    Model("horloge", "Casio", "G-Shock", 45, "alnum"),
    Model("sieraad", "", "", 180, "none"),
    Model("edelmetaal", "", "", 800, "none"),
    Model("audio-video", "Sony", "PlayStation 5", 260, "alnum"),
    Model("audio-video", "Nintendo", "Switch", 130, "alnum"),
    Model("audio-video", "Bose", "QC45", 95, "alnum"),
    Model("foto", "Canon", "EOS 80D", 320, "alnum"),
    Model("foto", "Nikon", "D3500", 210, "alnum"),
    Model("gereedschap", "Makita", "DHP484", 65, "alnum"),
    Model("gereedschap", "Hilti", "TE 6-A", 240, "alnum"),
    Model("gereedschap", "Bosch", "GSR 18V", 55, "alnum"),
    Model("overig", "Yamaha", "P-45", 160, "alnum"),
)
BY_CATEGORY: dict[str, tuple[Model, ...]] = {}
for _m in CATALOGUE:
    BY_CATEGORY[_m.categorie] = (*BY_CATEGORY.get(_m.categorie, ()), _m)

DEALERS: tuple[Dealer, ...] = (
    Dealer("09876543", "Goud & Zilver Valkenburg", "6301 DA", "12", "GM0994", 3,
           ("sieraad", "edelmetaal", "horloge")),
    Dealer("61234508", "GSM Point Valkenburg", "6301 EK", "3", "GM0994", 3,
           ("telefoon", "tablet", "laptop")),
    Dealer("04455667", "Rijwielhandel Cauberg", "6301 BT", "27", "GM0994", 2,
           ("fiets", "e-bike")),
    Dealer("73321904", "Tweedehands Centrum Vaals", "6291 CJ", "88", "GM0981", 3,
           ("telefoon", "audio-video", "gereedschap", "overig", "laptop")),
    Dealer("08812345", "Inkoop Goud Drielandenpunt", "6291 AV", "5", "GM0981", 2,
           ("edelmetaal", "sieraad", "horloge")),
    Dealer("52110987", "Fietsen Gulpen", "6271 BM", "14", "GM1729", 2, ("fiets", "e-bike")),
    Dealer("66001234", "Phone & Repair Gulpen", "6271 CA", "2", "GM1729", 2,
           ("telefoon", "tablet", "laptop", "foto")),
    Dealer("07765432", "Pandjeshuis Meerssen", "6231 LE", "41", "GM0938", 2,
           ("sieraad", "edelmetaal", "horloge", "audio-video")),
    Dealer("58923410", "Kringloop & Inkoop Bunde", "6241 AZ", "9", "GM0938", 2,
           ("gereedschap", "overig", "fiets", "foto")),
    Dealer("01230987", "Eijsdens Goudhuis", "6245 GA", "17", "GM1903", 2,
           ("edelmetaal", "sieraad", "horloge")),
    Dealer("69012345", "Elektro Inkoop Margraten", "6269 AB", "60", "GM1903", 2,
           ("telefoon", "laptop", "audio-video", "gereedschap", "e-bike")),
)


def serial(rng: random.Random, model: Model) -> str:
    if model.serial == "imei":
        return imei(rng)
    if model.serial == "frame":
        return model.merk[:2].upper() + str(rng.randint(18, 26)) + rng.choice(
            string.ascii_uppercase) + "".join(rng.choice(string.digits) for _ in range(6))
    if model.serial == "alnum":
        return "".join(rng.choice(ALNUM) for _ in range(rng.choice((8, 10, 12))))
    return ""


def describe(rng: random.Random, model: Model) -> tuple[str, float]:
    """(omschrijving, price factor); precious metal by weight, kept in a narrow band."""
    if model.categorie == "edelmetaal":
        grams = rng.randint(14, 28)
        return f"{rng.choice(('ringen', 'schakelketting', 'armband', 'munten'))}, " \
               f"{rng.choice(('14 kt', '18 kt'))}, {grams} gram", grams / 21
    if model.categorie == "sieraad":
        return rng.choice(("gouden ring", "zilveren ketting; met hanger", "oorbellen goud",
                           "armband zilver")), rng.uniform(0.7, 1.4)
    text = rng.choice(("", "", "", "zwart", "met lader", "krassen op behuizing",
                       "zwart; barst in hoes", "accu zwak", "zonder doos", "z.g.a.n."))
    return text, rng.uniform(0.65, 1.5)


def dor_row(w: World, dealer: Dealer, p: Person, day: date, model: Model, prijs: float, *,
            pay: str = "pin", with_id: bool = True, serie: str | None = None,
            resale: date | None = None, match: str = "nee", level: float = 1.0,
            omschrijving: str | None = None) -> Record:
    """One purchase from `p` at `dealer`; registers the mention in the truth."""
    rng, mess = w.rng, w.mess
    an, tv, vn = mess.name(p, level)
    adr = mess.address(p.address, level)
    text = omschrijving if omschrijving is not None else describe(rng, model)[0]
    values: dict[str, Value] = {
        "gemeentecode": dealer.gemeente, "opkoper_kvk": mess.kvk(dealer.kvk),
        "opkoper_naam": dealer.naam, "opkoper_postcode": mess.postcode(dealer.postcode),
        "opkoper_huisnummer": dealer.huisnummer, "datum_verkrijging": day,
        "tijd_verkrijging": f"{rng.randint(9, 17):02d}:{rng.randint(0, 59):02d}",
        "wijze_verkrijging": rng.choices(("koop", "inruil", "ruil", "verpanding",
                                          "consignatie"), (85, 8, 2, 3, 2))[0],
        "categorie": model.categorie, "merk": model.merk, "type": model.type,
        "serienummer": serial(rng, model) if serie is None else serie,
        "omschrijving": text, "prijs": round(prijs, 2), "betaalwijze": pay,
        "verkoper_achternaam": an, "verkoper_tussenvoegsel": tv, "verkoper_voornamen": vn,
        "verkoper_geboortedatum": p.geboortedatum,
        "verkoper_straat": adr["straat"], "verkoper_huisnummer": adr["huisnummer"],
        "verkoper_toevoeging": adr["toevoeging"], "verkoper_postcode": adr["postcode"],
        "verkoper_woonplaats": adr["woonplaats"],
        "verkoper_land": "" if adr["land"] == "NL" and rng.random() < 0.3 else adr["land"],
        "verkoper_id_type": p.id_type if with_id else "",
        "verkoper_id_nummer": p.id_nummer if with_id else "",
        "verkoper_id_land": p.id_land if with_id else "",
        "datum_doorverkoop": resale, "stopheling_match": match,
    }
    rec = w.add(Record("dor", dealer.gemeente, day, values))
    w.mention(rec, "verkoper", p)
    return rec


def random_day(rng: random.Random, lo: date = START, hi: date = END) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _pick_dealer(rng: random.Random, gemeente: str) -> Dealer:
    own = [d for d in DEALERS if d.gemeente == gemeente]
    pool = own if own and rng.random() < 0.7 else list(DEALERS)
    return rng.choices(pool, [d.weight for d in pool])[0]


def _background_item(w: World, dealer: Dealer, p: Person, day: date) -> None:
    rng = w.rng
    cat = rng.choice(dealer.focus) if rng.random() < 0.8 else rng.choice(list(BY_CATEGORY))
    model = rng.choice(BY_CATEGORY[cat])
    text, factor = describe(rng, model)
    pay = rng.choices(("contant", "pin", "overboeking"), (45, 45, 10))[0]
    with_id = cat in ("edelmetaal", "sieraad") or rng.random() < 0.97
    resale = None
    if rng.random() < 0.3:
        resale = day + timedelta(days=rng.randint(14, 60))
        if resale > delivery_for("dor", dealer.gemeente, day):
            resale = None
    match = rng.choice(("nee", "nee", "nee", "Nee", ""))
    dor_row(w, dealer, p, day, model, model.prijs * factor, pay=pay, with_id=with_id,
            resale=resale, match=match, omschrijving=text)


def background(w: World, n_items: int) -> None:
    """Background purchases: mostly region residents selling 1-3 items at one dealer."""
    rng, pop = w.rng, w.pop
    made = 0
    previous: list[Person] = []
    while made < n_items:
        r = rng.random()
        if r < 0.84:
            household = pop.household()
            sellers = rng.sample(household, min(len(household), rng.choice((1, 1, 1, 2))))
        elif r < 0.86 and previous:
            sellers = [pop.namesake(rng.choice(previous))]
        elif r < 0.93:
            sellers = [pop.person("NL", pop.outside_address("NL"))]
        else:
            land = rng.choice(("BE", "DE"))
            sellers = [pop.person(land, pop.outside_address(land))]
        for p in sellers:
            home = p.address.gemeente or rng.choice(("GM0981", "GM1903", "GM0994"))
            dealer = _pick_dealer(rng, home)
            k = rng.choices((1, 2, 3), (75, 18, 7))[0]
            days = sorted(random_day(rng) for _ in range(k))
            for day in days:
                _background_item(w, dealer, p, day)
            made += k
            if len(previous) < 500:
                previous.append(p)
