"""Scalar normalisers (pure, typed, total on ``str | None``) and their vectorised wrappers.

One module per concept; :mod:`transforms.clean` applies them to whole frames through
:func:`transforms.normalise.vector.map_unique`.
"""

from transforms.normalise.codes import normalise_gemeentecode
from transforms.normalise.countries import normalise_country
from transforms.normalise.dates import parse_date, parse_dates, parse_time
from transforms.normalise.housenumbers import normalise_toevoeging, split_huisnummer
from transforms.normalise.idnumbers import looks_like_bsn, normalise_id_number
from transforms.normalise.imei import is_valid_imei, luhn_valid, normalise_serial
from transforms.normalise.kvk import normalise_kvk
from transforms.normalise.names import PersonName, name_key, split_name
from transforms.normalise.numbers import parse_decimal, parse_decimals, parse_int, parse_jn
from transforms.normalise.postcodes import normalise_postcode, normalise_postcodes, pc4
from transforms.normalise.vector import map_unique, map_unique_rows

__all__ = [
    "PersonName",
    "is_valid_imei",
    "looks_like_bsn",
    "luhn_valid",
    "map_unique",
    "map_unique_rows",
    "name_key",
    "normalise_country",
    "normalise_gemeentecode",
    "normalise_id_number",
    "normalise_kvk",
    "normalise_postcode",
    "normalise_postcodes",
    "normalise_serial",
    "normalise_toevoeging",
    "parse_date",
    "parse_dates",
    "parse_decimal",
    "parse_decimals",
    "parse_int",
    "parse_jn",
    "parse_time",
    "pc4",
    "split_huisnummer",
    "split_name",
]
