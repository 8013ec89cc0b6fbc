"""Change a module of the program the moment the program imports it, never earlier.

The bench scripts stop the assistant at its first page by patching the window's module.
Importing that module themselves would load Qt (and the modules the window imports)
before the program does: PySide's ``__feature__`` hook then examines every import made
after it, and the program's own order (its Qt-free modules first) would not be the one
measured. A finder placed first on ``sys.meta_path`` instead lets the program import the
module when it does, and applies the patch right after the module's code ran."""

import importlib.util
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class _PatchOnImport:
    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.patch = patch

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name != self.name:
            return None
        sys.meta_path.remove(self)  # the other finders find it, as without the bench
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run_module = spec.loader.exec_module
        patch = self.patch

        def run_then_patch(module: ModuleType) -> None:
            run_module(module)
            patch(module)

        spec.loader.exec_module = run_then_patch  # type: ignore[method-assign]
        return spec


def on_import(name: str, patch: Callable[[ModuleType], None]) -> None:
    """``patch(module)`` once the program has imported ``name`` (a module not yet imported)."""
    if name in sys.modules:
        raise RuntimeError(f"{name} is already imported: patched now, the bench would not see it")
    sys.meta_path.insert(0, _PatchOnImport(name, patch))
