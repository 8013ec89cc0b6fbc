"""What every front end needs, built once: the machine looked at, the organisation, the
support matrix, the diagnosis, and the language the user reads.

The command line builds one from its global options (``cli/session.py`` wraps it with
the terminal's streams); the GUI holds one for the whole journey and may switch its
language live. Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import UsageError
from assistant.i18n import Language, Translator
from assistant.records import FrozenRecord

if TYPE_CHECKING:  # imported when first used (the wizard's first page needs none of them)
    from assistant.diagnose import Diagnosis
    from assistant.environment import Environment, Platform
    from assistant.matrix import SupportMatrix
    from assistant.organization import Organization


class MachineChoice(FrozenRecord):
    """Which machine to look at: this one, the bundled demo, or a snapshot. Immutable,
    equal and hashable by its fields (``records.py``: not a dataclass)."""

    __slots__ = ("demo", "root", "platform", "home", "registry", "config")  # noqa: RUF023
    demo: bool
    root: str | None
    platform: Platform | None
    home: str | None
    registry: Sequence[str]
    config: str | None

    def __init__(
        self,
        demo: bool = False,
        root: str | None = None,
        platform: Platform | None = None,
        home: str | None = None,
        registry: Sequence[str] = (),
        config: str | None = None,
    ) -> None:
        self._set("demo", demo)
        self._set("root", root)
        self._set("platform", platform)
        self._set("home", home)
        self._set("registry", registry)
        self._set("config", config)

    @classmethod
    def from_options(cls, options: object) -> MachineChoice:
        """From anything carrying the global options' names (an argparse namespace)."""
        return cls(
            demo=bool(getattr(options, "demo", False)),
            root=getattr(options, "root", None),
            platform=getattr(options, "platform", None),
            home=getattr(options, "home", None),
            registry=tuple(getattr(options, "registry", None) or ()),
            config=getattr(options, "config", None),
        )


class AppContext:
    """The machine, the organisation, the matrix and the language of one run."""

    def __init__(self, machine: MachineChoice, tr: Translator) -> None:
        self.machine = machine
        self.tr = tr

    @property
    def language(self) -> Language:
        return self.tr.language

    def set_language(self, language: Language) -> None:
        if language != self.tr.language:
            self.tr = Translator(language)

    @property
    def demo(self) -> bool:
        return self.machine.demo

    @cached_property
    def env(self) -> Environment:
        return environment_for(self.machine)

    @cached_property
    def organization(self) -> Organization:
        from assistant.organization import load_organization

        config = Path(self.machine.config) if self.machine.config else None
        return load_organization(self.env, config)

    @cached_property
    def matrix(self) -> SupportMatrix:
        from assistant.matrix import SupportMatrix

        return SupportMatrix.load()

    @cached_property
    def backup_parent(self) -> Path:
        """Where a backup goes unless the user picks another folder: the user's Documents;
        for ``--demo`` a new temporary folder, never the operator's own Documents."""
        if self.demo:
            import tempfile

            return Path(tempfile.mkdtemp(prefix="mail-migration-assistant-demo-"))
        from assistant.backup.destination import writable_backup_parent

        return writable_backup_parent(self.env)

    def diagnose(self, backed_up: Collection[str] = ()) -> Diagnosis:
        """Detect and diagnose now; ``backed_up``: data-store paths this session's backup
        holds (its "back up first" is then done)."""
        from assistant.detect.machine import detect_machine
        from assistant.diagnose import diagnose

        org, matrix = self.organization, self.matrix
        facts = detect_machine(self.env)
        now = datetime.now(UTC) if self.env.live else self.env.now  # a snapshot keeps its date
        return diagnose(facts, matrix, org, now, backed_up)


def environment_for(machine: MachineChoice) -> Environment:
    """The Environment the choice names; a bad combination is a UsageError sentence."""
    from assistant.datafile import readable_folder  # not before the wizard's first page
    from assistant.environment import Environment

    if machine.demo:
        if machine.root or machine.platform or machine.registry:
            raise UsageError("error.demo_with_snapshot")
        from assistant.demo import demo_environment

        return demo_environment()
    registry = tuple(Path(p) for p in machine.registry)
    if machine.root is None and machine.platform is None and not registry:
        if machine.home is None:
            return Environment.for_this_machine()
        # another user's home on this computer
        return Environment.for_this_machine(home=readable_folder(Path(machine.home), UsageError))
    if machine.root is None:
        raise UsageError("error.snapshot_needs_root")
    root = readable_folder(Path(machine.root), UsageError)
    for reg in registry:
        if not reg.is_file():
            raise UsageError(
                "hostile.error.not_a_file" if reg.exists() else "error.file_not_found",
                path=str(reg),
            )
    platform: Platform | None = machine.platform or ("windows" if registry else None)
    if platform is None:
        raise UsageError("error.snapshot_needs_platform")
    home = readable_folder(Path(machine.home), UsageError) if machine.home else None
    return Environment.snapshot(platform=platform, root=root, home=home, registry_files=registry)
