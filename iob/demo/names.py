"""Word lists for synthetic people and places. Names are generic words, combined at random;
no list entry is, or is meant to be, a real person's identity."""

from __future__ import annotations

FIRST_M: dict[str, tuple[str, ...]] = {
    "NL": ("Jan", "Pieter", "Johannes", "Hendrik", "Willem", "Cornelis", "Thomas", "Daan",
           "Lars", "Sem", "Bram", "Ruud", "Frank", "Marco", "Joep", "Huub", "Sjef", "Twan",
           "Mathieu", "Guus", "Luuk", "Stijn", "Koen", "Jeroen", "Rik", "Noud", "Jos", "Teun",
           "Bas", "Wim", "Gerard", "Hub", "Ton", "Niels", "Tim", "Tom", "René", "Léon",
           "Arjan", "Bart", "Casper", "Dennis", "Erik", "Ferdi", "Gijs", "Harm", "Ivo", "Jasper",
           "Kees", "Lennart", "Maarten", "Nick", "Olaf", "Patrick", "Quinten", "Robbert",
           "Sander", "Tijmen", "Udo", "Vincent", "Wouter", "Youri", "Zef", "Aad", "Bjorn",
           "Chris", "Dirk", "Edwin", "Floris", "Gert", "Hans", "Igor", "Joost", "Karel", "Leo",
           "Mark", "Nando", "Otto", "Pim", "Raymond", "Sven", "Thijs", "Ulrich", "Valentijn",
           "Wessel", "Xander", "Yorick", "Ad", "Emiel", "Fons", "Geert", "Harrie", "Jo",
           "Lambert", "Mathijs", "Paul", "Roel", "Servé", "Tonnie", "Vic"),
    "BE": ("Luc", "Dirk", "Geert", "Koen", "Wout", "Jens", "Pieter-Jan", "Bart", "Michiel",
           "Frédéric", "Yannick", "Joris", "Stefaan", "Kristof", "Arne", "Bert", "Christophe",
           "Dries", "Eric", "Filip", "Gunther", "Hans", "Ignace", "Jo", "Kevin", "Lode",
           "Marc", "Nico", "Olivier", "Patrick", "Rudi", "Sven", "Tom", "Vincent", "Ward",
           "Xavier", "Yves", "Ziggy", "Alain", "Benoît", "Cédric", "Didier", "Emmanuel",
           "François", "Guy", "Hugues", "Jean-Marc", "Laurent", "Maxime", "Philippe", "Quentin",
           "Sébastien", "Thierry"),
    "DE": ("Klaus", "Jürgen", "Stefan", "Uwe", "Jörg", "Matthias", "Lukas", "Jonas",
           "Dieter", "Günter", "Tobias", "Sebastian", "Björn", "Florian", "Andreas", "Bernd",
           "Christian", "Dirk", "Elias", "Frank", "Gerhard", "Heiko", "Ingo", "Jan", "Kai",
           "Lars", "Manfred", "Niklas", "Olaf", "Peter", "Rainer", "Sven", "Thorsten", "Ulf",
           "Volker", "Werner", "Axel", "Benedikt", "Carsten", "Detlef", "Erwin", "Felix",
           "Hartmut", "Helmut", "Joachim", "Karl", "Leon", "Markus", "Norbert", "Oliver",
           "Paul", "Ralf", "Sascha", "Tim", "Wolfgang"),
    "PL": ("Piotr", "Paweł", "Krzysztof", "Tomasz", "Łukasz", "Marek", "Michał", "Jakub",
           "Andrzej", "Wojciech", "Grzegorz", "Mateusz", "Rafał", "Adam", "Bartosz", "Czesław",
           "Damian", "Emil", "Filip", "Gabriel", "Henryk", "Ireneusz", "Jan", "Kamil", "Leszek",
           "Maciej", "Norbert", "Oskar", "Przemysław", "Radosław", "Sebastian", "Szymon",
           "Tadeusz", "Waldemar", "Zbigniew", "Adrian", "Bogdan", "Dariusz", "Dominik",
           "Edward", "Hubert", "Jacek", "Jerzy", "Kacper", "Karol", "Mariusz", "Patryk",
           "Robert", "Ryszard", "Stanisław", "Sławomir", "Wiktor", "Zdzisław"),
    "RO": ("Andrei", "Mihai", "Ionuț", "Alexandru", "Florin", "Cristian", "Gheorghe", "Vasile",
           "Bogdan", "Marius", "Adrian", "Ștefan", "Dorin", "Aurel", "Bogdan-Ion", "Cătălin",
           "Constantin", "Costel", "Daniel", "Emil", "Eugen", "Gabriel", "Horia", "Ion",
           "Iulian", "Lucian", "Liviu", "Mircea", "Nicolae", "Octavian", "Ovidiu", "Petru",
           "Radu", "Remus", "Sorin", "Teodor", "Traian", "Valentin", "Victor", "Viorel",
           "Claudiu", "Dan", "Dumitru", "George", "Laurențiu", "Marian", "Nelu", "Paul",
           "Razvan", "Sergiu", "Tudor"),
}
FIRST_F: dict[str, tuple[str, ...]] = {
    "NL": ("Maria", "Anna", "Johanna", "Elisabeth", "Emma", "Julia", "Sanne", "Lotte",
           "Femke", "Anouk", "Ilse", "Noor", "Fleur", "Mieke", "Truus", "Ine", "Wendy",
           "Marieke", "Chantal", "Yvonne", "Esther", "Lieke", "Roos", "Sophie", "Inge",
           "Hélène", "Loes", "Nicole", "Petra", "Daphne", "Zoë", "Renée", "Astrid", "Bianca",
           "Carla", "Diana", "Eva", "Floor", "Gerda", "Hanneke", "Iris", "Jolanda", "Karin",
           "Linda", "Monique", "Nathalie", "Olga", "Paulien", "Quirine", "Rianne", "Saskia",
           "Tamara", "Ursula", "Vera", "Willemijn", "Xenia", "Yara", "Zara", "Amber", "Brigitte",
           "Claudia", "Dorien", "Evelien", "Froukje", "Gonny", "Hilde", "Ingrid", "Jet",
           "Kim", "Lisanne", "Marloes", "Nienke", "Odile", "Priscilla", "Rita", "Sylvia",
           "Tineke", "Veerle", "Wilma", "Annelies", "Bep", "Coby", "Dini", "Els", "Fenna",
           "Gemma", "Henny", "Jeanne", "Lea", "Marjo", "Nel", "Riet", "Tiny", "Wies"),
    "BE": ("Els", "Griet", "Sofie", "An", "Katrien", "Hanne", "Lien", "Ellen", "Nathalie",
           "Céline", "Leen", "Annelies", "Bieke", "Caroline", "Dominique", "Evi", "Fien",
           "Goedele", "Hilde", "Inge", "Joke", "Kaat", "Liesbeth", "Marijke", "Nele", "Ann",
           "Petra", "Rita", "Sarah", "Tine", "Veerle", "Wendy", "Yana", "Ilse", "Anne-Sophie",
           "Brigitte", "Chantal", "Delphine", "Émilie", "Françoise", "Isabelle", "Julie",
           "Laurence", "Marie", "Nadine", "Sandrine", "Valérie"),
    "DE": ("Ursula", "Sabine", "Gisela", "Katrin", "Birgit", "Anja", "Lena", "Jana",
           "Heike", "Hannah", "Jutta", "Monika", "Andrea", "Bettina", "Claudia", "Doris",
           "Elke", "Franziska", "Gabriele", "Helga", "Ingrid", "Johanna", "Karin", "Laura",
           "Marion", "Nina", "Petra", "Renate", "Susanne", "Tanja", "Ute", "Vanessa", "Waltraud",
           "Anke", "Brigitte", "Christa", "Dagmar", "Edith", "Frauke", "Gudrun", "Ilse",
           "Julia", "Kerstin", "Lisa", "Maren", "Nicole", "Sandra", "Silke", "Stefanie"),
    "PL": ("Agnieszka", "Katarzyna", "Małgorzata", "Anna", "Joanna", "Magdalena", "Ewa",
           "Monika", "Aleksandra", "Justyna", "Barbara", "Beata", "Dorota", "Elżbieta",
           "Grażyna", "Halina", "Iwona", "Jadwiga", "Karolina", "Krystyna", "Natalia", "Paulina",
           "Renata", "Sylwia", "Teresa", "Urszula", "Wioletta", "Zofia", "Alicja", "Bożena",
           "Danuta", "Edyta", "Gabriela", "Irena", "Jolanta", "Kinga", "Lucyna", "Marta",
           "Olga", "Patrycja", "Róża", "Stanisława", "Weronika", "Zuzanna"),
    "RO": ("Elena", "Ioana", "Mihaela", "Andreea", "Cristina", "Ana", "Gabriela", "Daniela",
           "Simona", "Alina", "Adriana", "Bianca", "Camelia", "Diana", "Florentina", "Georgiana",
           "Irina", "Larisa", "Loredana", "Lucia", "Maria", "Monica", "Nicoleta", "Oana",
           "Raluca", "Roxana", "Silvia", "Teodora", "Valentina", "Violeta", "Alexandra",
           "Carmen", "Doina", "Emilia", "Gina", "Iuliana", "Lavinia", "Madalina", "Petronela",
           "Rodica", "Sorina", "Tatiana"),
}
# Syllables for the surnames of planted-case persons: `surnames.py` keeps every background
# name that equals or resembles one of these out, so no background person collides with a
# planted entity.
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

COUNTRY_NL_NAME = {"NL": "Nederland", "BE": "België", "DE": "Duitsland", "PL": "Polen",
                   "RO": "Roemenië"}

ORG_WORDS = ("Geuldal", "Mergelland", "Heuvelland", "Zuid", "Limburg", "Kasteel", "Plateau",
             "Vijlenerbos", "Selzerbeek", "Gulperberg", "Cauberg", "Sint Pieter", "Maasvallei",
             "Grensland", "Drielanden", "Eyserbos", "Keutenberg", "Bemelerberg")
ORG_KINDS = ("Horeca", "Exploitatie", "Vastgoed", "Holding", "Beheer", "Events", "Invest",
             "Trading", "Logistiek", "Bouw", "Recreatie", "Food")
