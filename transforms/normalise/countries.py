"""Countries to ISO 3166-1 alpha-2.

Pins: an ISO-2 code in any case passes through upper-cased (only assigned codes; ``UK`` ->
``GB``, ``EL`` -> ``GR``); common ISO-3 codes (``NLD``, ``DEU``, ``BEL``, ``POL``, …) and the
passport code ``D`` (Germany); Dutch country names with or without diacritics (``België``,
``Belgie``, ``Roemenië``, ``Verenigd Koninkrijk``, …), Dutch nationality adjectives
(``Nederlandse``, ``Poolse``, …), and English/German/French names of the neighbours
(``Germany``, ``Deutschland``, ``Belgium``, ``Belgique``, ``Netherlands``, ``Holland``);
unknown -> ``None``.
"""

from __future__ import annotations

from transforms.normalise.text import fold_key

_ISO2_TEXT = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS XK YE YT ZA ZM ZW
"""
ISO2: frozenset[str] = frozenset(_ISO2_TEXT.split())

_ISO3 = {
    "NLD": "NL", "DEU": "DE", "BEL": "BE", "LUX": "LU", "FRA": "FR", "GBR": "GB", "IRL": "IE",
    "POL": "PL", "ROU": "RO", "ROM": "RO", "BGR": "BG", "UKR": "UA", "TUR": "TR", "MAR": "MA",
    "ESP": "ES", "ITA": "IT", "PRT": "PT", "LTU": "LT", "LVA": "LV", "EST": "EE", "HUN": "HU",
    "SVK": "SK", "CZE": "CZ", "AUT": "AT", "CHE": "CH", "DNK": "DK", "SWE": "SE", "NOR": "NO",
    "FIN": "FI", "GRC": "GR", "HRV": "HR", "SVN": "SI", "SRB": "RS", "BIH": "BA", "ALB": "AL",
    "MKD": "MK", "MNE": "ME", "MDA": "MD", "BLR": "BY", "RUS": "RU", "SUR": "SR", "CUW": "CW",
    "ABW": "AW", "SXM": "SX", "SYR": "SY", "IRQ": "IQ", "IRN": "IR", "AFG": "AF", "ERI": "ER",
    "SOM": "SO", "ETH": "ET", "EGY": "EG", "DZA": "DZ", "TUN": "TN", "LBY": "LY", "NGA": "NG",
    "GHA": "GH", "CHN": "CN", "IND": "IN", "PAK": "PK", "IDN": "ID", "VNM": "VN", "USA": "US",
    "CAN": "CA", "BRA": "BR", "COL": "CO", "ISR": "IL", "CYP": "CY", "MLT": "MT", "ISL": "IS",
    "GEO": "GE", "ARM": "AM", "AZE": "AZ", "KAZ": "KZ", "XKX": "XK", "RKS": "XK",
}

_ALIASES = {"UK": "GB", "EL": "GR", "D": "DE", "B": "BE", "F": "FR", "L": "LU", "A": "AT"}

_NAMES_BY_CODE: dict[str, tuple[str, ...]] = {
    "NL": ("nederland", "the netherlands", "netherlands", "holland", "niederlande",
           "pays bas", "nederlandse", "dutch", "koninkrijk der nederlanden"),
    "DE": ("duitsland", "germany", "deutschland", "allemagne", "bondsrepubliek duitsland",
           "duitse", "german"),
    "BE": ("belgie", "belgium", "belgique", "belgien", "belgische", "belgian"),
    "LU": ("luxemburg", "luxembourg", "luxemburgse"),
    "FR": ("frankrijk", "france", "frankreich", "franse", "french"),
    "PL": ("polen", "poland", "polska", "poolse", "polish"),
    "RO": ("roemenie", "romania", "rumanien", "roemeense", "romanian"),
    "BG": ("bulgarije", "bulgaria", "bulgarien", "bulgaarse", "bulgarian"),
    "UA": ("oekraine", "ukraine", "oekraiense", "ukrainian"),
    "TR": ("turkije", "turkey", "turkiye", "turkei", "turkse", "turkish"),
    "MA": ("marokko", "morocco", "marokkaanse", "moroccan"),
    "ES": ("spanje", "spain", "espana", "spanien", "spaanse", "spanish"),
    "IT": ("italie", "italy", "italia", "italien", "italiaanse", "italian"),
    "PT": ("portugal", "portugese", "portuguese"),
    "GB": ("verenigd koninkrijk", "groot brittannie", "engeland", "united kingdom",
           "great britain", "england", "britse", "british"),
    "IE": ("ierland", "ireland", "ierse"),
    "LT": ("litouwen", "lithuania", "litouwse", "lithuanian"),
    "LV": ("letland", "latvia", "letse", "latvian"),
    "EE": ("estland", "estonia", "estse"),
    "HU": ("hongarije", "hungary", "hongaarse", "hungarian"),
    "SK": ("slowakije", "slovakia", "slowaakse", "slovak"),
    "CZ": ("tsjechie", "tsjechische republiek", "czech republic", "czechia", "tsjechische",
           "czech"),
    "AT": ("oostenrijk", "austria", "osterreich", "oostenrijkse"),
    "CH": ("zwitserland", "switzerland", "schweiz", "zwitserse"),
    "DK": ("denemarken", "denmark", "deense"),
    "SE": ("zweden", "sweden", "zweedse"),
    "NO": ("noorwegen", "norway", "noorse"),
    "FI": ("finland", "finse"),
    "GR": ("griekenland", "greece", "griekse"),
    "HR": ("kroatie", "croatia", "kroatische"),
    "SI": ("slovenie", "slovenia", "sloveense"),
    "RS": ("servie", "serbia", "servische"),
    "BA": ("bosnie", "bosnie en herzegovina", "bosnia"),
    "AL": ("albanie", "albania", "albanese"),
    "MK": ("noord macedonie", "macedonie", "north macedonia"),
    "XK": ("kosovo", "kosovaarse"),
    "MD": ("moldavie", "moldova"),
    "BY": ("wit rusland", "belarus", "wit russische"),
    "RU": ("rusland", "russia", "russische", "russian"),
    "SR": ("suriname", "surinaamse"),
    "CW": ("curacao", "curacaose"),
    "AW": ("aruba", "arubaanse"),
    "SY": ("syrie", "syria", "syrische"),
    "IQ": ("irak", "iraq", "iraakse"),
    "IR": ("iran", "iraanse"),
    "AF": ("afghanistan", "afghaanse"),
    "ER": ("eritrea", "eritrese"),
    "SO": ("somalie", "somalia", "somalische"),
    "EG": ("egypte", "egypt", "egyptische"),
    "DZ": ("algerije", "algeria", "algerijnse"),
    "TN": ("tunesie", "tunisia", "tunesische"),
    "NG": ("nigeria", "nigeriaanse"),
    "GH": ("ghana", "ghanese"),
    "CN": ("china", "chinese"),
    "IN": ("india", "indiase"),
    "PK": ("pakistan", "pakistaanse"),
    "ID": ("indonesie", "indonesia", "indonesische"),
    "VN": ("vietnam", "vietnamese"),
    "US": ("verenigde staten", "united states", "usa", "amerika", "amerikaanse"),
    "CA": ("canada", "canadese"),
    "BR": ("brazilie", "brazil", "braziliaanse"),
    "IL": ("israel", "israelische"),
    "CY": ("cyprus", "cypriotische"),
    "MT": ("malta", "maltese"),
}

_BY_NAME: dict[str, str] = {
    name: code for code, names in _NAMES_BY_CODE.items() for name in names
}


def normalise_country(s: str | None) -> str | None:
    """ISO-2 code for ``s`` (code, ISO-3 code or name as listed in the module docstring);
    ``None`` when unknown. Idempotent: an ISO-2 result maps to itself."""
    if not s:
        return None
    code = s.strip().upper()
    if code in ISO2:
        return code
    if code in _ALIASES:
        return _ALIASES[code]
    if code in _ISO3:
        return _ISO3[code]
    return _BY_NAME.get(fold_key(s))
