"""Users of the review page: personal accounts, one role, bound to municipalities.

Users live in the same database as the analysts' decisions (`Settings.decisions_url`:
DATA/decisions.sqlite or IOB_DATABASE_URL), table `gebruikers`. Passwords are argon2id
hashes; the TOTP secret is kept to verify codes and shown once, at `iob users add`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from iob.errors import InputError
from iob.reference import deelnemers
from iob.settings import Settings
from review.db import engine_for, gebruikers

ROLLEN = ("analist", "riec_analist", "bibob_coordinator", "auditor", "beheerder")
DATA_ROLLEN = frozenset({"analist", "riec_analist", "bibob_coordinator"})
MAX_MISLUKT = 5
BLOKKADE = timedelta(minutes=15)
ISSUER = "iob reviewpagina"

# No group accounts: a login names one person, never a team, a role or a function.
_LOGIN = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
_GROEPSNAMEN = {
    "admin", "administrator", "root", "beheer", "beheerder", "test", "team", "groep",
    "analist", "analisten", "auditor", "riec", "bibob", "gemeente", "algemeen", "gedeeld",
    "iedereen", "info", "gast", "demo", "user", "users", "gebruiker", "afdeling", "balie",
}
_GROEPSVOORVOEGSELS = {"team", "groep", "afdeling", "gedeeld", "algemeen", "iedereen", "admin",
                       "test", "info", "balie", "functie", "unit"}
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("niet-een-echt-wachtwoord")


@dataclass(frozen=True)
class User:
    login: str
    rol: str
    gemeenten: tuple[str, ...]
    actief: bool

    @property
    def ziet_data(self) -> bool:
        return self.rol in DATA_ROLLEN

    @property
    def ziet_bibob(self) -> bool:
        return self.rol == "bibob_coordinator"


def check_login_name(login: str) -> str:
    name = login.strip().lower()
    if not _LOGIN.match(name):
        raise InputError(f"gebruikersnaam '{login}' ongeldig: 3-40 tekens, a-z, cijfers, . _ -, "
                         "beginnend met een letter")
    base = re.split(r"[._-]", name)[0]
    if name.rstrip("0123456789") in _GROEPSNAMEN or base in _GROEPSVOORVOEGSELS:
        raise InputError(f"'{login}' lijkt een groeps- of functieaccount; geef elke persoon een "
                         "eigen account (bv. voornaam.achternaam)")
    return name


def check_gemeenten(value: str) -> tuple[str, ...]:
    codes = tuple(sorted({c.strip().upper() for c in value.split(",") if c.strip()}))
    known = set(deelnemers())
    unknown = [c for c in codes if c not in known]
    if not codes or unknown:
        raise InputError(f"--gemeente '{value}': onbekende code(s) {', '.join(unknown) or '-'}; "
                         f"kies uit {', '.join(sorted(known))}")
    return codes


def check_password(password: str) -> str:
    if len(password) < 12:
        raise InputError("wachtwoord te kort: minstens 12 tekens")
    return password


class UserStore:
    def __init__(self, settings: Settings) -> None:
        self.engine = engine_for(settings)

    def add(self, login: str, rol: str, gemeenten_value: str, password: str,
            totp: bool = True) -> str:
        """Create a user; returns the otpauth:// URI of its new TOTP secret."""
        name = check_login_name(login)
        if rol not in ROLLEN:
            raise InputError(f"rol '{rol}' onbekend; kies uit {', '.join(ROLLEN)}")
        codes = check_gemeenten(gemeenten_value)
        check_password(password)
        secret = pyotp.random_base32()
        with self.engine.begin() as conn:
            if conn.execute(sa.select(gebruikers.c.login).where(
                    gebruikers.c.login == name)).first():
                raise InputError(f"gebruiker '{name}' bestaat al")
            conn.execute(gebruikers.insert().values(
                login=name, rol=rol, gemeenten=",".join(codes), wachtwoord=_hasher.hash(password),
                totp_geheim=secret, actief=True, mislukt=0, geblokkeerd_tot=None,
                laatste_totp=0, aangemaakt=datetime.now(UTC)))
        return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)

    def get(self, login: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(gebruikers).where(
                gebruikers.c.login == login)).mappings().first()
        if row is None:
            return None
        return User(row["login"], row["rol"], tuple(row["gemeenten"].split(",")),
                    bool(row["actief"]))

    def all(self) -> list[dict[str, object]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(
                gebruikers.c.login, gebruikers.c.rol, gebruikers.c.gemeenten,
                gebruikers.c.actief, gebruikers.c.mislukt, gebruikers.c.geblokkeerd_tot,
            ).order_by(gebruikers.c.login)).mappings().all()
        return [dict(r) for r in rows]

    def set_active(self, login: str, actief: bool) -> None:
        with self.engine.begin() as conn:
            result = conn.execute(gebruikers.update().where(gebruikers.c.login == login)
                                  .values(actief=actief, mislukt=0, geblokkeerd_tot=None))
        if result.rowcount == 0:
            raise InputError(f"gebruiker '{login}' bestaat niet")

    def authenticate(self, login: str, password: str, code: str, *, require_totp: bool,
                     now: datetime | None = None) -> tuple[User | None, str]:
        """Check password and TOTP. Returns (user or None, result word for the audit log).

        A user with MAX_MISLUKT failures in a row is blocked for BLOKKADE; while blocked even
        the right password fails. Unknown users cost the same hash time as known ones.
        """
        now = now or datetime.now(UTC)
        name = login.strip().lower()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(gebruikers).where(
                gebruikers.c.login == name)).mappings().first()
            if row is None:
                _verify(_DUMMY_HASH, password)
                return None, "onbekende gebruiker"
            blocked = row["geblokkeerd_tot"]
            if blocked is not None and _aware(blocked) > now:
                return None, "geblokkeerd"
            if not row["actief"]:
                _verify(_DUMMY_HASH, password)
                return None, "account uitgeschakeld"
            ok_password = _verify(row["wachtwoord"], password)
            step = _totp_step(row["totp_geheim"], code, now) if require_totp else 0
            ok_code = not require_totp or (step is not None and step > row["laatste_totp"])
            where = gebruikers.c.login == name
            if not (ok_password and ok_code):
                failures = row["mislukt"] + 1
                values: dict[str, object] = {"mislukt": failures}
                reason = "fout wachtwoord" if not ok_password else "foute of gebruikte code"
                if failures >= MAX_MISLUKT:
                    values.update(mislukt=0, geblokkeerd_tot=now + BLOKKADE)
                    reason += "; geblokkeerd"
                conn.execute(gebruikers.update().where(where).values(**values))
                return None, reason
            values = {"mislukt": 0, "geblokkeerd_tot": None}
            if require_totp:
                values["laatste_totp"] = step
            if _hasher.check_needs_rehash(row["wachtwoord"]):
                values["wachtwoord"] = _hasher.hash(password)
            conn.execute(gebruikers.update().where(where).values(**values))
        return User(row["login"], row["rol"], tuple(row["gemeenten"].split(",")), True), "ok"

    def totp_secret(self, login: str) -> str | None:
        """For tests and the demo only: the stored TOTP secret."""
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(gebruikers.c.totp_geheim).where(
                gebruikers.c.login == login)).scalar()
        return None if value is None else str(value)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _totp_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (30 s) the code belongs to, allowing one step of clock drift."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        moment = now + timedelta(seconds=30 * drift)
        if totp.verify(code, for_time=moment, valid_window=0):
            return int(moment.timestamp()) // 30
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
