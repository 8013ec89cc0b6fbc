"""``report --redact``: user names, home-folder names, the name mail is sent under and
the local part of addresses masked everywhere, every finding kept.

The names come from the diagnosis itself: the home folder diagnosed, the account the
tool ran as, every account's login, address and the person's name it sends as
(Thunderbird's identity name, Outlook's "Display Name"), and every user folder a path
runs through (``C:\\Users\\<name>``, ``/home/<name>``, ``/Users/<name>``). Each distinct
name (case-insensitive) gets one mask, ``user1``, ``user2``…, numbered in the order
found, so the same person is the same mask all through one report and two people stay
two.

The account the tool ran as is the diagnosed person's on a live run, and its name is
masked wherever it is written. On a snapshot it is the operator's (the helpdesk account
that reads a copied disk): its own field is masked, and its home folder where a host
path runs through it (``/home/<operator>/snapshots/…``), but the word is not looked for
elsewhere: ``root`` running on ``/tmp/x/root/…`` keeps that folder's name, and the
operator's name says nothing about the diagnosed person's files.

A name is masked however it is written: in any case, composed or decomposed, in
full-width letters, and with any space between its parts. A Japanese name is one name
with a half-width space, a full-width space or none ("山田 太郎", "山田　太郎",
"山田太郎"): where two CJK or kana characters meet, a space is optional. Between Latin
parts a space stays needed ("Taro Yamada" is not "TaroYamada").

Only values are masked (paths, addresses, logins, the parameters of notes and
problems); ids, verdicts, statuses, hosts, app names and versions are kept, so the
redacted report has the same findings, the same actions and the same exit code. The
computer name is kept too: a fleet tells its reports apart by it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace

from assistant.detect.facts import DataStore, InstalledApp, MachineFacts, MailAccount
from assistant.diagnose import AccountFinding, AppFinding, Diagnosis
from assistant.i18n import Message

# An address inside any text: the local part stops at separators a path or a sentence uses.
_ADDRESS_PART = r"[^\s@\\/:;,<>()\[\]{}\"'（）「」、。]+"
_ADDRESS = re.compile(f"({_ADDRESS_PART})@({_ADDRESS_PART})")
# Folders that hold one folder per user.
_USER_PARENTS = ("users", "home")
# Spaces inside one line (half-width, full-width U+3000, tabs...), never a line break.
_SPACE = r"[^\S\r\n]"
# A name is not part of a longer word in these (half- and full-width letters and digits).
_WORD = r"A-Za-z0-9_\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF3F"
# ASCII -> its full-width form ("taro" -> "ｔａｒｏ"), as a Japanese input method writes it.
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)} | {0x20: 0x3000}


class Redactor:
    """Masks for one report."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._masks: dict[str, str] = {}
        # Every spelling seen, as written: the pattern matches these, case-insensitively.
        # Case-folding is not matching without case: "Groß" folds to "gross", which a
        # case-insensitive pattern for "gross" does not find in "Groß".
        self._spellings: set[str] = set()
        # The names looked for in values (as :func:`_key` writes them): all but the ones
        # masked only where they stand (``mask(name, look_for=False)``).
        self._looked_for: set[str] = set()
        for name in names:
            self.mask(name)
        self._pattern: re.Pattern[str] | None = None

    @property
    def masks(self) -> dict[str, str]:
        """Name (as :func:`_key` writes it: composed, case-folded, spaced) -> its mask."""
        return dict(self._masks)

    def mask(self, name: str, *, look_for: bool = True) -> str:
        """The mask of ``name``, given one on first sight. With ``look_for=False`` the
        name is masked where it stands (the caller replaces the value with the mask) but
        not looked for inside other values, unless another source of names knows it."""
        name = name.strip()
        if not name:
            return name
        key = _key(name)
        if look_for:
            spellings = _spellings(name)
            if not spellings <= self._spellings or key not in self._looked_for:
                self._spellings |= spellings
                self._looked_for.add(key)
                self._pattern = None
        found = self._masks.get(key)
        if found is None:
            taken = set(self._masks.values()) | set(self._masks)
            number = len(self._masks) + 1
            while f"user{number}" in taken:
                number += 1
            found = self._masks[key] = f"user{number}"
            self._pattern = None
        return found

    def text(self, value: str) -> str:
        """``value`` with every known name and every address's local part masked."""
        for local in _ADDRESS.findall(value):
            self.mask(local[0])
        if not self._looked_for:
            return value
        return self._compiled().sub(self._replace, value)

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            names = sorted(self._spellings | self._looked_for, key=len, reverse=True)
            alternatives = "|".join(dict.fromkeys(_written_any_spacing(name) for name in names))
            # A name counts where it is not part of a longer Latin word ("taro" is not
            # masked inside "Antaro"); Japanese names have no such neighbours to check.
            self._pattern = re.compile(
                f"(?<![{_WORD}])(?:{alternatives})(?![{_WORD}])", re.IGNORECASE
            )
        return self._pattern

    def _replace(self, match: re.Match[str]) -> str:
        return self.mask(match.group(0))

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def message(self, message: Message) -> Message:
        return Message(message.key, {k: self.param(v) for k, v in message.params.items()})

    def param(self, value: object) -> object:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Message):
            return self.message(value)
        if isinstance(value, list | tuple):
            return type(value)(self.param(v) for v in value)
        return value


def _key(name: str) -> str:
    """One person, however the name is spelled: case, Unicode composition (a macOS
    path holds the decomposed form of a name a profile writes composed), full-width
    letters and the spaces between the parts of a Japanese name do not count."""
    parts = unicodedata.normalize("NFKC", name).casefold().split()
    key = parts[0] if parts else ""
    for part in parts[1:]:
        key += part if _wide(key[-1]) and _wide(part[0]) else " " + part
    return key


def _spellings(name: str) -> set[str]:
    """The forms of ``name`` the pattern looks for (each with any spacing, see
    :func:`_written_any_spacing`): as given, composed, decomposed, and in half-width
    and full-width letters."""
    forms = {name, *(unicodedata.normalize(f, name) for f in ("NFC", "NFD", "NFKC"))}
    return forms | {form.translate(_FULL_WIDTH) for form in forms}


def _wide(char: str) -> bool:
    """A wide character (CJK ideographs, kana, hangul, their marks): a name of these is
    written with or without a space between its parts."""
    return unicodedata.east_asian_width(char) == "W"


def _written_any_spacing(name: str) -> str:
    """A pattern for ``name`` with any spacing: any spaces where it has a space
    (half-width, full-width, several), and optional spaces where two wide characters
    meet ("山田太郎" also finds "山田　太郎")."""
    pattern = ""
    previous = ""
    gap = False
    for char in name:
        if char.isspace():
            gap = bool(previous)
            continue
        if previous:
            if _wide(previous) and _wide(char):
                pattern += f"{_SPACE}*"
            elif gap:
                pattern += f"{_SPACE}+"
        pattern += re.escape(char)
        previous, gap = char, False
    return pattern


def names_in(d: Diagnosis, home: str | None) -> Iterator[str]:
    """Every user name the diagnosis carries, in the order the report shows them. The
    account the tool ran as only on a live run: on a snapshot it is the operator's,
    masked in its own field only (:func:`_ran_as_user`)."""
    if home:
        yield home
    ran_as = d.facts.ran_as
    if ran_as is not None and ran_as.user and d.facts.snapshot_root is None:
        yield ran_as.user
    for account in d.facts.accounts:
        values = (account.email, account.user_name, account.display_name, account.person_name)
        for value in values:
            if value:
                yield value.rsplit("@", 1)[0] if "@" in value else value
    paths = [
        *(s.path for s in d.facts.data_stores),
        *(a.install_path for a in d.facts.apps if a.install_path),
        *([d.facts.snapshot_root] if d.facts.snapshot_root else []),
        *(layer.path for layer in d.organization.layers),
    ]
    for path in paths:
        yield from user_folders(path)


def user_folders(path: str) -> Iterator[str]:
    """``C:\\Users\\taro\\x`` -> ``taro``; ``/home/hanako/.thunderbird`` -> ``hanako``."""
    parts = [p for p in re.split(r"[\\/]", path) if p]
    for parent, child in itertools.pairwise(parts):
        if parent.casefold() in _USER_PARENTS:
            yield child


def redact_diagnosis(d: Diagnosis, home: str | None = None) -> Diagnosis:
    """A copy of ``d`` with every user name masked; ``home`` is the diagnosed home
    folder's name. The findings, statuses and actions are the same as in ``d``."""
    r = Redactor(names_in(d, home))
    facts = redact_facts(d.facts, r)
    apps = [AppFinding(a, f.verdict) for a, f in zip(facts.apps, d.apps, strict=True)]
    accounts = [
        AccountFinding(a, f.exchange_online, f.status)
        for a, f in zip(facts.accounts, d.accounts, strict=True)
    ]
    org = d.organization
    layers = tuple(replace(layer, path=r.text(layer.path)) for layer in org.layers)
    return replace(
        d,
        facts=facts,
        organization=replace(org, layers=layers),
        apps=apps,
        accounts=accounts,
        actions=[replace(a, message=r.message(a.message)) for a in d.actions],
    )


def redact_facts(facts: MachineFacts, r: Redactor) -> MachineFacts:
    ran_as = facts.ran_as
    return replace(
        facts,
        apps=[_app(a, r) for a in facts.apps],
        accounts=[_account(a, r) for a in facts.accounts],
        data_stores=[_store(s, r) for s in facts.data_stores],
        problems=[replace(p, message=r.message(p.message)) for p in facts.problems],
        ran_as=None if ran_as is None else replace(ran_as, user=_ran_as_user(facts, r)),
        snapshot_root=r.optional(facts.snapshot_root),
        home=r.optional(facts.home),
    )


def _ran_as_user(facts: MachineFacts, r: Redactor) -> str | None:
    """The account the tool ran as, masked whole. On a snapshot it is the operator's:
    its name is not looked for in other values (a folder ``root`` of the host path
    stays ``root``), unless the diagnosis itself knows it (the operator's home folder
    in a host path, ``/home/<operator>/…``)."""
    user = facts.ran_as.user if facts.ran_as is not None else None
    return r.mask(user, look_for=facts.snapshot_root is None) if user else user


def _app(a: InstalledApp, r: Redactor) -> InstalledApp:
    return replace(
        a,
        install_path=r.optional(a.install_path),
        notes=[r.message(n) for n in a.notes],
        details={k: r.text(v) for k, v in a.details.items()},
    )


def _account(a: MailAccount, r: Redactor) -> MailAccount:
    return replace(
        a,
        email=r.optional(a.email),
        user_name=r.optional(a.user_name),
        profile=r.optional(a.profile),
        display_name=r.optional(a.display_name),
        person_name=r.optional(a.person_name),
    )


def _store(s: DataStore, r: Redactor) -> DataStore:
    return replace(s, path=r.text(s.path), profile=r.optional(s.profile))
