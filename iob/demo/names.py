"""Word lists for synthetic people and places. Names are generic words, combined at random;
no list entry is, or is meant to be, a real person's identity."""

from __future__ import annotations

FIRST_M: dict[str, tuple[str, ...]] = {
    "NL": ("Jan", "Pieter", "Johannes", "Hendrik", "Willem", "Cornelis", "Thomas", "Daan",
           "Lars", "Sem", "Bram", "Ruud", "Frank", "Marco", "Joep", "Huub", "Sjef", "Twan",
           "Mathieu", "Guus", "Luuk", "Stijn", "Koen", "Jeroen", "Rik", "Noud", "Jos", "Teun",
           "Bas", "Wim", "Gerard", "Hub", "Ton", "Niels", "Tim", "Tom", "René", "Léon"),
    "BE": ("Luc", "Dirk", "Geert", "Koen", "Wout", "Jens", "Pieter-Jan", "Bart", "Michiel",
           "Frédéric", "Yannick", "Joris", "Stefaan", "Kristof"),
    "DE": ("Klaus", "Jürgen", "Stefan", "Uwe", "Jörg", "Matthias", "Lukas", "Jonas",
           "Dieter", "Günter", "Tobias", "Sebastian", "Björn", "Florian"),
    "PL": ("Piotr", "Paweł", "Krzysztof", "Tomasz", "Łukasz", "Marek", "Michał", "Jakub",
           "Andrzej", "Wojciech", "Grzegorz", "Mateusz", "Rafał"),
    "RO": ("Andrei", "Mihai", "Ionuț", "Alexandru", "Florin", "Cristian", "Gheorghe", "Vasile",
           "Bogdan", "Marius", "Adrian", "Ștefan", "Dorin"),
}
FIRST_F: dict[str, tuple[str, ...]] = {
    "NL": ("Maria", "Anna", "Johanna", "Elisabeth", "Emma", "Julia", "Sanne", "Lotte",
           "Femke", "Anouk", "Ilse", "Noor", "Fleur", "Mieke", "Truus", "Ine", "Wendy",
           "Marieke", "Chantal", "Yvonne", "Esther", "Lieke", "Roos", "Sophie", "Inge",
           "Hélène", "Loes", "Nicole", "Petra", "Daphne", "Zoë", "Renée"),
    "BE": ("Els", "Griet", "Sofie", "An", "Katrien", "Hanne", "Lien", "Ellen", "Nathalie",
           "Céline", "Leen"),
    "DE": ("Ursula", "Sabine", "Gisela", "Katrin", "Birgit", "Anja", "Lena", "Jana",
           "Heike", "Hannah", "Jutta", "Monika"),
    "PL": ("Agnieszka", "Katarzyna", "Małgorzata", "Anna", "Joanna", "Magdalena", "Ewa",
           "Monika", "Aleksandra", "Justyna"),
    "RO": ("Elena", "Ioana", "Mihaela", "Andreea", "Cristina", "Ana", "Gabriela", "Daniela",
           "Simona", "Alina"),
}
# (tussenvoegsel, achternaam)
SURNAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "NL": tuple(
        [("", s) for s in (
            "Janssen", "Hermans", "Smeets", "Peters", "Willems", "Claessens", "Vliegen",
            "Frijns", "Ramakers", "Schepers", "Houben", "Bemelmans", "Lemmens", "Wetzels",
            "Notermans", "Ubachs", "Kleijnen", "Bisschops", "Dassen", "Meertens", "Jansen",
            "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Dekker", "Hendriks",
            "Brouwer", "Kuipers", "Wouters", "Coenen", "Vencken", "Lardinois", "Crombag",
            "Habets", "Sijben", "Hamers", "Beckers", "Gijsen", "Pluijmen", "Ernes", "Kusters",
            "Muijrers", "Huijts", "Schreurs", "Zinzen", "Prickaerts", "Stassen", "Vaessen")]
        + [("van", s) for s in ("Dijk", "Loon", "Leeuwen", "Dam", "Vliet", "Beek", "Wijk",
                                "Gulik", "Rooij", "Oppen")]
        + [("de", s) for s in ("Vries", "Jong", "Boer", "Groot", "Bruijn", "Graaf", "Wit")]
        + [("van den", s) for s in ("Berg", "Bosch", "Broek", "Heuvel", "Akker")]
        + [("van der", s) for s in ("Linden", "Heijden", "Meer", "Veen", "Wal")]
        + [("van de", s) for s in ("Ven", "Kerkhof", "Laar")]
        + [("op de", "Kamp"), ("in 't", "Veld"), ("ten", "Haaf")]
    ),
    "BE": tuple([("", s) for s in (
        "Peeters", "Maes", "Jacobs", "Mertens", "Goossens", "Claes", "Wuyts", "Dubois",
        "Lambert", "Lenaerts", "Vermeulen", "Thijs", "Janssens", "Michiels", "Dupont",
        "Van den Broeck", "Vandenberghe", "De Smet", "Van Damme", "Verhaegen")]),
    "DE": tuple([("", s) for s in (
        "Müller", "Schmitz", "Schröder", "Weiß", "Becker", "Köhler", "Wagner", "Hoffmann",
        "Schäfer", "Krüger", "Jäger", "Zimmermann", "Braun", "Koch", "Richter", "Klein",
        "Wolf", "Neumann", "Schwarz", "Lehmann")]),
    "PL": tuple([("", s) for s in (
        "Nowak", "Kowalczyk", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
        "Szymański", "Dąbrowski", "Kozłowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski",
        "Pawlak", "Michalski", "Król", "Wieczorek", "Jabłoński", "Majewski")]),
    "RO": tuple([("", s) for s in (
        "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu",
        "Munteanu", "Constantin", "Marin", "Tudor", "Dobre", "Barbu", "Nistor", "Florea",
        "Ene", "Ursu", "Lungu", "Toma")]),
}
# Syllables for the surnames of planted-case persons: never in the lists above, so the
# random background can not collide with a planted entity.
CASE_ROOTS: dict[str, tuple[str, ...]] = {
    "NL": ("Brons", "Kroon", "Vlier", "Heesch", "Mergel", "Kalk", "Geul", "Roo", "Kemp",
           "Hazel", "Wolfs", "Eiken", "Linde", "Essen", "Boek", "Sleen", "Dorre", "Gulp"),
    "BE": ("Ver", "Van Her", "De Cuyp", "Van Ael", "Bol", "Stroo"),
    "DE": ("Lind", "Asch", "Eichen", "Brand", "Falken", "Stein", "Rauh", "Hollen"),
    "PL": ("Brzoz", "Jaskul", "Wierzb", "Gawron", "Sokol", "Modrz", "Czapl"),
    "RO": ("Vasil", "Cozm", "Brat", "Dobr", "Murar", "Pet", "Olar"),
}
CASE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "NL": ("hoven", "rade", "broek", "kamp", "veld", "hout", "stein", "dael", "heim", "beek"),
    "BE": ("mandel", "straeten", "hoeck", "gaerde", "schoot"),
    "DE": ("meyer", "bauer", "mann", "hagen", "huber", "städter"),
    "PL": ("owski", "ecki", "iński", "czyk", "ewicz"),
    "RO": ("escu", "eanu", "ache", "ariu"),
}

STREETS_NL = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Grotestraat", "Hoofdstraat", "Schoolstraat",
    "Stationstraat", "Geulstraat", "Beekstraat", "Mergelweg", "Kapelstraat", "Lindenlaan",
    "Bergstraat", "Pastoorstraat", "Heerstraat", "Julianastraat", "Wilhelminastraat",
    "Kastanjelaan", "Bongerd", "Akkerweg", "Veldweg", "Hoogstraat", "Broekstraat", "Kruisstraat",
    "Rijksweg", "Holleweg", "Oude Baan", "Kloosterstraat", "Maasstraat", "Nieuwstraat",
)
STREETS_BE = ("Kerkstraat", "Rue de la Station", "Steenweg", "Dorpsplein", "Rue Haute",
              "Molenstraat", "Rue du Centre", "Nieuwstraat")
STREETS_DE = ("Hauptstraße", "Kirchstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße",
              "Lindenstraße", "Bergstraße", "Jülicher Straße", "Mühlenweg")
STREETS_PL = ("ul. Długa", "ul. Polna", "ul. Leśna", "ul. Słoneczna", "ul. Krótka")
STREETS_RO = ("Strada Mare", "Strada Florilor", "Bulevardul Unirii", "Strada Morii")

# Places outside the region: (woonplaats, lowest pc, highest pc)
NL_ELSEWHERE = (
    ("Amsterdam", 1011, 1109), ("Rotterdam", 3011, 3089), ("Utrecht", 3511, 3585),
    ("Den Haag", 2491, 2597), ("Eindhoven", 5611, 5658), ("Nijmegen", 6511, 6546),
    ("Tilburg", 5011, 5049), ("Venlo", 5911, 5928), ("Heerlen", 6411, 6422),
    ("Sittard", 6131, 6137), ("Kerkrade", 6461, 6471), ("Roermond", 6041, 6046),
    ("Zwolle", 8011, 8043), ("Groningen", 9711, 9747), ("Arnhem", 6811, 6846),
    ("Breda", 4811, 4839), ("Haarlem", 2011, 2037), ("Amersfoort", 3811, 3829),
)
ABROAD: dict[str, tuple[tuple[str, int, int], ...]] = {
    "BE": (("Tongeren", 3700, 3700), ("Maasmechelen", 3630, 3630), ("Hasselt", 3500, 3500),
           ("Genk", 3600, 3600), ("Antwerpen", 2000, 2060), ("Luik", 4000, 4000),
           ("Voeren", 3790, 3798), ("Eupen", 4700, 4700), ("Wezet", 4600, 4600)),
    "DE": (("Aachen", 52062, 52080), ("Köln", 50667, 51149), ("Düsseldorf", 40210, 40629),
           ("Herzogenrath", 52134, 52134), ("Mönchengladbach", 41061, 41069),
           ("Heinsberg", 52525, 52525), ("Würselen", 52146, 52146)),
    "PL": (("Wrocław", 0, 0), ("Kraków", 0, 0), ("Poznań", 0, 0), ("Łódź", 0, 0),
           ("Katowice", 0, 0), ("Opole", 0, 0), ("Rzeszów", 0, 0), ("Lublin", 0, 0)),
    "RO": (("Iași", 0, 0), ("Bacău", 0, 0), ("Suceava", 0, 0), ("Timișoara", 0, 0),
           ("Cluj-Napoca", 0, 0), ("Constanța", 0, 0), ("Craiova", 0, 0), ("Brașov", 0, 0)),
}
COUNTRY_NL_NAME = {"NL": "Nederland", "BE": "België", "DE": "Duitsland", "PL": "Polen",
                   "RO": "Roemenië"}

ORG_WORDS = ("Geuldal", "Mergelland", "Heuvelland", "Zuid", "Limburg", "Kasteel", "Plateau",
             "Vijlenerbos", "Selzerbeek", "Gulperberg", "Cauberg", "Sint Pieter", "Maasvallei",
             "Grensland", "Drielanden", "Eyserbos", "Keutenberg", "Bemelerberg")
ORG_KINDS = ("Horeca", "Exploitatie", "Vastgoed", "Holding", "Beheer", "Events", "Invest",
             "Trading", "Logistiek", "Bouw", "Recreatie", "Food")
