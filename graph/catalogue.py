"""The rule catalogue as shipped: code, registers, Dutch title and description per rule.

A copy of the table in shared/design/signals.md (which is not available at run time);
tests/graph/test_catalogue.py checks that both list the same codes and registers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Regel:
    code: str
    registers: str  # as in the catalogue table: "dor", "dor + nachtregister", "all", ...
    titel: str  # Dutch, one line: the signal's title
    omschrijving: str  # Dutch: when it fires (defaults in graph/config.py)
    waarom: str  # Dutch: why it matters


_REGELS = (
    Regel("heling.veelaanbieder", "dor", "Veelaanbieder bij opkopers",
          "Eén persoon verkoopt binnen 30 dagen ≥5 goederen, of aan ≥2 opkopers, of in ≥2 "
          "gemeenten; diefstalgevoelige categorieën (telefoon, e-bike, edelmetaal) wegen zwaarder.",
          "Beroepsdieven en helers spreiden hun verkopen."),
    Regel("heling.serienummer", "dor", "Serienummer ontbreekt, is ongeldig of komt dubbel voor",
          "Serienummer ontbreekt waar de categorie er een vraagt; IMEI faalt de Luhn-controle; "
          "hetzelfde serienummer verkocht door ≥2 verschillende personen.",
          "Verwijderde of veranderde kenmerken; gerecyclede of gestolen goederen."),
    Regel("heling.prijs", "dor", "Prijs ver onder de marktwaarde",
          "Prijs < 30 % van de mediaan voor dezelfde categorie, merk en type (≥10 vergelijkbare).",
          "Te mooi om waar te zijn."),
    Regel("heling.bewaartermijn", "dor", "Doorverkocht binnen de bewaartermijn",
          "Doorverkocht voordat de bewaartermijn om is (standaard 5 werkdagen: maandag–vrijdag, "
          "Nederlandse feestdagen niet meegeteld; het aantal dagen is instelbaar per APV).",
          "Omzeilt de controle door de politie."),
    Regel("heling.contant_zonder_id", "dor", "Edelmetaal of sieraad contant zonder identificatie",
          "Edelmetaal of sieraad contant betaald zonder identiteitsbewijs.",
          "Wettelijke plicht sinds 2012; goud is een witwaskanaal."),
    Regel("heling.stopheling_opkoper", "dor", "Opkoper met meerdere Stop Heling-treffers",
          "Een opkoper met ≥2 treffers van de politie (Stop Heling) in één kwartaal.",
          "De opkoper werkt als afzetkanaal."),
    Regel("heling.reizende_verkoper", "dor + nachtregister", "Reizende verkoper",
          "De verkoper verbleef binnen ±3 dagen van de verkoop als gast in de regio en woont "
          "buiten de regio.",
          "Mobiele bendes gebruiken parken als uitvalsbasis."),
    Regel("verblijf.langdurig", "nachtregister", "Langdurig verblijf",
          "Eén gast ≥90 nachten in 12 maanden bij één logiesverstrekker, of aaneengesloten "
          "boekingen.",
          "Illegale permanente bewoning, onderduiken."),
    Regel("verblijf.groepshuisvesting", "nachtregister", "Mogelijke groepshuisvesting",
          "Boekingen in één accommodatie die ≥28 dagen overlappen met samen ≥6 personen, "
          "overwegend uit één land.",
          "Huisvesting van uitgebuite arbeidsmigranten."),
    Regel("verblijf.parkhoppen", "nachtregister", "Parkhoppen",
          "Eén gast bij ≥3 verschillende logiesverstrekkers binnen 60 dagen.",
          "Aan het zicht onttrekken; logistiek van criminaliteit."),
    Regel("verblijf.registratiekwaliteit", "nachtregister", "Gebrekkig nachtregister",
          "Een logiesverstrekker met >10 % van de rijen in quarantaine of zonder verplichte "
          "velden.",
          "Geen administratie betekent anonimiteit."),
    Regel("bibob.doorwerking", "bibob + graph", "Nieuwe aanvraag nabij eerder Bibob-risico",
          "Een betrokkene bij een nieuwe aanvraag staat binnen 2 schakels (bestuurder, "
          "aandeelhouder, financier, zakelijk samenwerkingsverband, zelfde adres) van een "
          "betrokkene bij een weigering of ernstige mate van gevaar.",
          "Stromannen en frontbedrijven."),
    Regel("bibob.zelfde_locatie", "bibob + damocles", "Nieuwe aanvraag op belaste locatie",
          "Een nieuwe aanvraag op een adres met een weigering, intrekking of 13b-sluiting in de "
          "afgelopen 24 maanden.",
          "Omzeiling; faciliterende verhuurder."),
    Regel("bibob.financier", "bibob", "Financier is privépersoon of buitenlandse rechtspersoon",
          "De vermogensverschaffer is een natuurlijk persoon of een buitenlandse rechtspersoon.",
          "Criminele investeerders, woekeraars."),
    Regel("bibob.stapelbestuurder", "bibob", "Betrokkene bij veel dossiers of organisaties",
          "Eén persoon is betrokkene bij ≥3 dossiers of organisaties binnen 24 maanden.",
          "Stroman-bestuurders."),
    Regel("damocles.eigenaar_herhaling", "damocles", "Eigenaar van meerdere 13b-panden",
          "Eén eigenaar gekoppeld aan ≥2 panden met een maatregel in 5 jaar.",
          "Vastgoed als criminele infrastructuur."),
    Regel("damocles.adres_herhaling", "damocles", "Herhaalde 13b-bevinding op hetzelfde adres",
          "Een tweede bevinding op hetzelfde adres.",
          "Een hardnekkig drugspunt."),
    Regel("damocles.productie_buitengebied", "damocles",
          "Productie in buitengebied of bedrijfspand",
          "Grondslag 13b_b, of een agrarisch pand of bedrijfspand.",
          "Productie in schuren en loodsen."),
    Regel("netwerk.convergentie", "all", "Entiteit in meerdere registers",
          "Eén persoon, organisatie of adres komt binnen 24 maanden in ≥2 verschillende "
          "registers voor (score stijgt met het aantal registers).",
          "Convergentie is de kern van een ondermijningsbeeld."),
    Regel("netwerk.identiteit", "all", "Identiteitsbewijs met verschillende namen",
          "Eén (gepseudonimiseerd) documentnummer gebruikt met duidelijk verschillende namen of "
          "geboortedata.",
          "Gedeelde of vervalste documenten."),
    Regel("netwerk.adres_veel_personen", "all", "Adres opgegeven door veel personen",
          "Een adres dat geen logies is, opgegeven door ≥5 verschillende personen binnen "
          "12 maanden.",
          "Adresfraude, stromannen als bewoner."),
    Regel("netwerk.bovenlokaal_cluster", "all", "Bovenlokaal risiconetwerk",
          "Een verbonden groep entiteiten met ≥2 risicomarkers (13b-maatregel, Bibob-weigering "
          "of ernstige mate, helingsignaal) in ≥2 gemeenten.",
          "De grensoverschrijdende netwerken waar het Heuvellandplan op richt."),
    Regel("netwerk.brug", "all", "Verbinder tussen risicogroepen",
          "Een persoon of organisatie die twee anders gescheiden risicogroepen verbindt.",
          "Makelaars tussen netwerken."),
)

CATALOGUE: dict[str, Regel] = {r.code: r for r in _REGELS}


def titel(code: str) -> str:
    return CATALOGUE[code].titel
