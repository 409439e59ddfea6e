"""Background surnames per country, built from name morphology (roots x suffixes, patronyms,
tussenvoegsels) and ranked for a Zipf-like draw: a few names are common, most are rare, so
namesakes exist but a surname + initial + town is nearly always one person, as in real
registers. Built once per process from a fixed seed: the same for every demo seed."""

from __future__ import annotations

import random
import unicodedata
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from iob.demo import names

Surname = tuple[str, str]  # (tussenvoegsel, achternaam)

# Common names head the ranking (a country's most frequent surnames), the rest is generated.
_COMMON: dict[str, tuple[str, ...]] = {
    "NL": ("de|Jong", "Jansen", "de|Vries", "van den|Berg", "van|Dijk", "Bakker", "Janssen",
           "Visser", "Smit", "Meijer", "de|Boer", "Mulder", "de|Groot", "Bos", "Vos", "Peters",
           "Hendriks", "van|Leeuwen", "Dekker", "Brouwer", "de|Wit", "Dijkstra", "Smits",
           "de|Graaf", "van der|Meer", "van der|Linden", "Kok", "Jacobs", "de|Haan", "Vermeulen",
           "van den|Heuvel", "van der|Veen", "van den|Broek", "de|Bruijn", "Schouten",
           "van der|Heijden", "Willems", "Hermans", "Smeets", "Houben", "Lemmens", "Wetzels"),
    "BE": ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
           "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Hermans", "Lenaerts"),
    "DE": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Schmitz"),
    "PL": ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
           "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
           "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski"),
    "RO": ("Popa", "Popescu", "Pop", "Radu", "Ionescu", "Dumitru", "Stan", "Stoica",
           "Gheorghe", "Matei", "Ciobanu", "Rusu", "Constantin", "Mihai", "Munteanu", "Ene"),
}

_NL_ROOTS = (
    "Bos", "Berg", "Beek", "Broek", "Dijk", "Veen", "Hoek", "Kamp", "Brink", "Hof", "Horst",
    "Hout", "Wijk", "Donk", "Heuvel", "Akker", "Weide", "Laar", "Heide", "Ven", "Molen", "Steen",
    "Kerk", "Zand", "Dal", "Ham", "Heem", "Bruin", "Groen", "Kool", "Vink", "Haan", "Wolf",
    "Kraai", "Zwaan", "Riet", "Biez", "Wil", "Els", "Ber", "Holt", "Voor", "Weg", "Nol", "Bult",
    "Mors", "Esch", "Wouw", "Gaal", "Spijk", "Kleij", "Lind", "Rozen", "Appel", "Peer", "Noot",
    "Wijn", "Hooi", "Stroo", "Graan", "Vlas", "Hennep", "Turf", "Klomp", "Sloot", "Gracht",
    "Poel", "Put", "Waal", "Rijn", "Wester", "Ooster", "Noorder", "Zuider", "Hooge", "Lage",
    "Nieuw", "Oude", "Ruijter", "Knol", "Klok", "Bel", "Buijs", "Post", "Pol", "Lok", "Wes",
    "Tuin", "Wessel", "Hart", "Stap", "Sterk", "Baar", "Span", "Kuip", "Ton", "Vat", "Mand",
)
_NL_SUFFIXES = (
    "man", "mans", "ink", "ers", "hof", "sma", "stra", "ing", "inga", "ga", "huis", "kamp",
    "veld", "horst", "meijer", "el", "en", "ens", "ert", "boom", "kes", "ma", "er", "sink",
    "link", "stede", "werf", "maker", "ster", "iers",
)
_NL_GIVEN = (
    "Jan", "Hendrik", "Gerrit", "Willem", "Pieter", "Claes", "Lambert", "Dirk", "Geert",
    "Mathijs", "Peter", "Herman", "Wouter", "Coen", "Frans", "Thijs", "Arend", "Evert", "Gijs",
    "Huib", "Jacob", "Joost", "Kars", "Lucas", "Maarten", "Reijner", "Simon", "Teunis", "Wijnand",
    "Aart", "Bart", "Adriaan", "Govert", "Lemmen", "Mertens", "Roel", "Sijbe", "Ubach", "Vaes",
)
_NL_JOBS = (
    "Schipper", "Timmerman", "Kuiper", "Wever", "Molenaar", "Koster", "Slager", "Schilder",
    "Jager", "Metselaar", "Kramer", "Voerman", "Snijder", "Bleeker", "Verver", "Hoedemaker",
    "Kuijper", "Vinkenbos", "Smid", "Kistemaker", "Raadsheer", "Brandsma", "Zaagman", "Veerman",
)
_NL_PLACES = (
    "Loon", "Rooij", "Houten", "Ommeren", "Gulik", "Oppen", "Beusekom", "Ham", "Zon", "Dam",
    "Vliet", "Wijk", "Eck", "Gent", "Haaren", "Hoof", "Kessel", "Lith", "Mierlo", "Ool", "Ree",
    "Stralen", "Tiel", "Velden", "Wely", "Aken", "Berkel", "Bussel", "Elst", "Gils", "Dongen",
    "Gestel", "Hees", "Heugten", "Kempen", "Lierop", "Melick", "Nunen", "Overbeek", "Pelt",
)
_NL_DE = (
    "Vries", "Jong", "Boer", "Groot", "Bruijn", "Graaf", "Wit", "Haan", "Wolf", "Koning",
    "Ruiter", "Lange", "Kok", "Klerk", "Beer", "Leeuw", "Roo", "Kort", "Zwart", "Waal", "Vos",
    "Man", "Bock", "Goede", "Kleijn", "Rijk", "Moor", "Wilde", "Jager", "Smet", "Valk", "Hond",
)
_NL_VAN_DE = ("Berg", "Bosch", "Broek", "Heuvel", "Akker", "Linden", "Heijden", "Meer", "Veen",
              "Wal", "Ven", "Kerkhof", "Laar", "Velde", "Pol", "Weg", "Sande", "Brink", "Hoek",
              "Vorst", "Kamp", "Plas", "Zande", "Steen", "Haar", "Burg", "Wetering", "Leij")
_BE_ROOTS = (
    "Broeck", "Bergh", "Velde", "Damm", "Acker", "Hoof", "Kerckhove", "Steen", "Meer", "Poel",
    "Loo", "Hove", "Eynde", "Rompa", "Herck", "Goet", "Bosch", "Gorp", "Wauw", "Bael", "Laer",
    "Hulle", "Daele", "Wyngaer", "Cauw", "Molle", "Straet", "Dycke", "Ghele", "Houtte",
)
_BE_STEMS = ("Lena", "Gooss", "Wout", "Cla", "Mich", "Verbe", "Her", "Jans", "Mert", "Geer",
             "Thy", "Wuy", "Ceul", "Verm", "Pe", "Bog", "Moer", "Smolder", "Donck", "Vleugh",
             "Hendrick", "Luyck", "Ooms", "Baet", "Rutt", "Sae", "Verh", "Van Ro", "Timmer",
             "Cop", "Brem", "Stev", "Lauwer", "Huyb", "Daem", "Gyss", "Kempen")
_BE_SUFFIXES = ("aert", "aerts", "eels", "ens", "ckx", "mans", "ers", "iers", "ijns", "eyns")
_BE_WALLOON = ("Lejeune", "Renard", "Denis", "Henrard", "Hubert", "Collard", "Jacquet",
               "Lemaire", "Gérard", "Leclercq", "Simon", "Laurent", "François", "Dumont",
               "Fontaine", "Lambotte", "Delvaux", "Piron", "Gillet", "Mathieu", "Thiry",
               "Wathelet", "Closset", "Bastin", "Lecomte", "Massart", "Delhaye", "Dethier")
_DE_ROOTS = (
    "Schmid", "Schneid", "Fisch", "Wag", "Hoff", "Schäf", "Bau", "Rich", "Schröd", "Zimmer",
    "Krüg", "Hart", "Lang", "Walt", "Möll", "Berg", "Feld", "Roth", "Grün", "Sommer", "Winter",
    "Kuhn", "Busch", "Horn", "Bach", "Thal", "Wald", "Holz", "Kirch", "Dorf", "Haus", "Heim",
    "Burg", "Rosen", "Schön", "Hell", "Ober", "Unter", "Alt", "Groß", "Hein", "Kauf", "Vogel",
    "Engel", "Keller", "Kessel", "Ries", "Fried", "Gott", "Ehr", "Leh", "Bren", "Mohr", "Sauer",
    "Weiß", "Rein", "Dreh", "Kolb", "Seid", "Eck", "Hub", "Pfeif", "Stroh", "Bier", "Brück",
    "Mühl", "Ross", "Linden", "Wies", "Forst", "Hag", "Kamp", "Brink", "Oster", "Wester",
)
_DE_SUFFIXES = ("mann", "er", "hardt", "berg", "feld", "bach", "meier", "mayer", "ler",
                "inger", "rich", "hof", "thal", "wald", "haus", "hauser", "ling", "ke", "l",
                "ner", "müller", "brock", "kötter", "horst", "wig")
_PL_STEMS = (
    "Kowal", "Nowa", "Wiśniew", "Wójci", "Kamień", "Lewandow", "Zieliń", "Szymań", "Dąbrow",
    "Kozłow", "Jankow", "Kwiatkow", "Krawc", "Kaczmar", "Piotrow", "Grabow", "Zając", "Pawl",
    "Michal", "Wieczor", "Jabłoń", "Wróbl", "Majew", "Olszew", "Malinow", "Jawor", "Adamc",
    "Dud", "Nowic", "Górs", "Witkow", "Walc", "Sikor", "Baran", "Rutkow", "Szewc", "Ostrow",
    "Tomas", "Pietrz", "Marcinkow", "Zalew", "Jakubow", "Jasień", "Zawadz", "Sadow", "Chmiel",
    "Włodar", "Borkow", "Czarnec", "Sawic", "Urban", "Kubi", "Maciejew", "Szczepań", "Kuchar",
    "Kalinow", "Mazurk", "Wysoc", "Kaźmier", "Wasilew", "Sobc", "Czerwiń", "Andrzejew",
    "Cieśl", "Głowac", "Zakrzew", "Kołodziej", "Krajew", "Gajew", "Szulc", "Lask", "Brzezień",
    "Makow", "Ziółkow", "Przybyl", "Stach", "Domań", "Lis", "Wilczyń", "Kot", "Kruk", "Szost",
    "Bielec", "Mroc", "Pawlic", "Janik", "Wrzos", "Kędzier", "Smolar", "Bogusław", "Czech",
    "Stasz", "Kubac", "Mielc", "Dziedzic", "Pastern", "Grzelak", "Leśni", "Kopac", "Trzcin",
    "Dobrzań", "Orzech", "Jedlic", "Lipiń", "Bartosz", "Fijał", "Gołęb", "Kaczor", "Łukas",
    "Mikołaj", "Nowosiel", "Polak", "Rogal", "Siwc", "Tkacz", "Wawrzyń", "Zdun", "Żak",
    "Kamiec", "Bednar", "Cybul", "Frydrych", "Hajdu", "Jurek", "Klimek", "Lach", "Marek",
)
_PL_SUFFIXES = ("ski", "cki", "owski", "ewski", "wicz", "owicz", "czyk", "ak", "ek", "uk",
                "iak", "czak", "ik", "ny")
_RO_STEMS = (
    "Pop", "Ion", "Dumitr", "Stan", "Stoic", "Gheorgh", "Rus", "Munt", "Marin", "Tudor", "Barb",
    "Nistor", "Flor", "Urs", "Lung", "Tom", "Rad", "Sand", "Mate", "Lazăr", "Moc", "Moldov",
    "Cojoc", "Olt", "Pred", "Neag", "Din", "Mihail", "Dragom", "Vlad", "Crist", "Diac",
    "Grigor", "Mircea", "Costin", "Avram", "Bălan", "Ciobot", "Enach", "Fărcaș", "Gavril",
    "Iordan", "Manol", "Nedel", "Oprea", "Pavel", "Roman", "Sârb", "Tănas", "Zamfir", "Anghel",
    "Buzat", "Căpr", "Dobrin", "Ghiț", "Iancu", "Lupu", "Moraru", "Năstas", "Paraschiv",
    "Rotar", "Stroe", "Țurc", "Voic", "Bucur", "Cazac", "Dragn", "Filip", "Hagi", "Ilie",
    "Bogd", "Chiriac", "Ciuc", "Damian", "Drăgh", "Florin", "Georgesc", "Ignat", "Jitar",
    "Leon", "Măgur", "Mușat", "Negr", "Onu", "Păun", "Preot", "Răduc", "Sav", "Simion",
    "Surd", "Șerb", "Trandafir", "Udr", "Vârn", "Zăvoi", "Albu", "Baciu", "Ceaușu", "Ghinea",
)
_RO_SUFFIXES = ("escu", "eanu", "ache", "oiu", "aru", "an", "ică", "uț", "ea", "u", "ovici",
                "ariu", "ilă", "ete")

# exponent and offset of the rank weight 1 / (rank + offset) ** exponent, per country:
# the most frequent surname carries about 0.5-1 % of the people, as in the real countries
_ZIPF = {"NL": (0.85, 40.0), "BE": (0.85, 25.0), "DE": (0.85, 30.0), "PL": (0.85, 25.0),
         "RO": (0.85, 25.0)}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _join(stem: str, suffix: str) -> str:
    if stem[-1] == suffix[0] or (stem[-1] in "aeiou" and suffix[0] in "aeiou"):
        return stem + suffix[1:]
    return stem + suffix


def _nl() -> list[Surname]:
    out = [("", _join(r, s)) for r in _NL_ROOTS for s in _NL_SUFFIXES]
    out += [("", g + e) for g in _NL_GIVEN for e in ("s", "sen", "se", "ssen", "x")]
    out += [("", j + e) for j in _NL_JOBS for e in ("", "s")]
    out += [("van", p) for p in _NL_PLACES]
    out += [("van", _join(r, e)) for r in _NL_ROOTS[:60] for e in ("en", "hoven", "dijk")]
    out += [("de", d) for d in _NL_DE]
    out += [(tv, v) for v in _NL_VAN_DE for tv in ("van de", "van den", "van der")]
    out += [(tv, r) for r in ("Haar", "Horst", "Brink", "Velde", "Haaf", "Kate", "Have",
                              "Berge", "Hove", "Bosch") for tv in ("ter", "ten")]
    out += [("op de", "Kamp"), ("in 't", "Veld"), ("op 't", "Hof"), ("in de", "Braekt")]
    return out


def _be() -> list[Surname]:
    out = [("", f"{p}{r}") for r in _BE_ROOTS for p in ("Van den ", "Vande", "Van ", "Vanden")]
    out += [("", _join(s, e)) for s in _BE_STEMS for e in _BE_SUFFIXES]
    out += [("", f"De {r}") for r in ("Smet", "Wilde", "Backer", "Clercq", "Cock", "Meyer",
                                      "Bruyne", "Coninck", "Keyser", "Vos", "Groote", "Ridder",
                                      "Wever", "Pauw", "Mey", "Decker", "Schepper", "Greef")]
    out += [("", "Ver" + r.lower()) for r in _NL_ROOTS]
    out += [("", f"Van {p}") for p in _NL_PLACES] + [("", f"De {d}") for d in _NL_DE]
    out += [("", _join(s, e)) for s in _BE_STEMS
            for e in ("s", "x", "ier", "ijn", "eel", "aens", "ijs", "ackers")]
    out += [("", f"{p}{r}") for r in _NL_VAN_DE for p in ("Van den ", "Vande", "Vander ")]
    out += [("", w) for w in _BE_WALLOON]
    out += [("", f"{p}{r}") for r in ("bois", "pont", "mont", "four", "val", "chêne", "pré")
            for p in ("Du", "Le")]
    return out


def _de() -> list[Surname]:
    return [("", _join(r, s)) for r in _DE_ROOTS for s in _DE_SUFFIXES]


def _pl() -> list[Surname]:
    return [("", _join(s, e)) for s in _PL_STEMS for e in _PL_SUFFIXES]


def _ro() -> list[Surname]:
    return [("", _join(s, e)) for s in _RO_STEMS for e in _RO_SUFFIXES]


def _case_names() -> list[str]:
    return [fold(r + s).lower() for land, roots in names.CASE_ROOTS.items() for r in roots
            for s in names.CASE_SUFFIXES[land]]


def _clean(pool: list[Surname]) -> list[Surname]:
    """Drop names a planted person could have, or nearly (planted surnames stay unique)."""
    keys = [fold(an).lower() for _, an in pool]
    near = process.cdist(keys, _case_names(), scorer=JaroWinkler.normalized_similarity,
                         score_cutoff=0.85, workers=1)
    ratio = process.cdist(keys, _case_names(), scorer=fuzz.ratio, score_cutoff=80.0,
                          workers=1)
    return [s for s, a, b in zip(pool, near.max(axis=1), ratio.max(axis=1), strict=True)
            if a == 0 and b == 0]


@cache
def pool(land: str) -> tuple[tuple[Surname, ...], tuple[float, ...]]:
    """(surnames by rank, cumulative weights) for `land`."""
    made = {"NL": _nl, "BE": _be, "DE": _de, "PL": _pl, "RO": _ro}[land]()
    common: list[Surname] = [
        (tv, an) if an else ("", tv) for tv, _, an in (c.partition("|") for c in _COMMON[land])]
    rest = list(dict.fromkeys(s for s in made if s not in common))
    random.Random(f"iob-demo-surnames-{land}").shuffle(rest)
    ranked = _clean(list(dict.fromkeys(common + rest)))
    exponent, offset = _ZIPF[land]
    cum: list[float] = []
    total = 0.0
    for rank in range(len(ranked)):
        total += 1.0 / (rank + offset) ** exponent
        cum.append(total)
    return tuple(ranked), tuple(cum)
