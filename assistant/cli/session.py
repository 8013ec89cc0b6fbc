"""What every command needs, built once from the global options."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.environment import Environment, Platform
from assistant.errors import UsageError
from assistant.i18n import Translator

if TYPE_CHECKING:  # imported when first used: a backup or a verify needs none of them
    from assistant.diagnose import Diagnosis
    from assistant.matrix import SupportMatrix
    from assistant.organization import Organization


@dataclass
class Session:
    args: argparse.Namespace
    tr: Translator
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    @cached_property
    def env(self) -> Environment:
        return environment_from_args(self.args)

    @cached_property
    def organization(self) -> Organization:
        from assistant.organization import load_organization

        config = Path(self.args.config) if self.args.config else None
        return load_organization(self.env, config)

    @cached_property
    def matrix(self) -> SupportMatrix:
        from assistant.matrix import SupportMatrix

        return SupportMatrix.load()

    def diagnose(self) -> Diagnosis:
        from assistant.detect.machine import detect_machine
        from assistant.diagnose import diagnose

        org, matrix = self.organization, self.matrix
        facts = detect_machine(self.env)
        return diagnose(facts, matrix, org, self.env.now)


def environment_from_args(args: argparse.Namespace) -> Environment:
    if args.demo:
        if args.root or args.platform or args.registry:
            raise UsageError("error.demo_with_snapshot")
        from assistant.demo import demo_environment

        return demo_environment()
    registry = tuple(Path(p) for p in (args.registry or ()))
    if args.root is None and args.platform is None and args.home is None and not registry:
        return Environment.for_this_machine()
    if args.root is None:
        raise UsageError("error.snapshot_needs_root")
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError("error.not_a_folder", path=str(root))
    for reg in registry:
        if not reg.is_file():
            raise UsageError("error.file_not_found", path=str(reg))
    platform: Platform | None = args.platform or ("windows" if registry else None)
    if platform is None:
        raise UsageError("error.snapshot_needs_platform")
    home = Path(args.home) if args.home else None
    if home is not None and not home.is_dir():
        raise UsageError("error.not_a_folder", path=str(home))
    return Environment.snapshot(platform=platform, root=root, home=home, registry_files=registry)
