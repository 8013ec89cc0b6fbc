"""Runtime hook replacing PyInstaller's ``pyi_rth_pyside6`` (installer.spec swaps them).

PyInstaller's hook imports ``PySide6.QtCore`` in every process to register a ``qt.conf``.
The command line (``report``, ``check``, ``backup``, ``verify`` from scripts and fleet
tools) never uses Qt, and paid for loading it at every start. This hook does the same
set-up, but registers the ``qt.conf`` right after the first import of ``PySide6.QtCore``
instead: the GUI gets exactly what PyInstaller's hook gives it, the command line nothing.
"""


def _pyi_rthook() -> None:
    import importlib.abc
    import importlib.machinery
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    meipass = sys._MEIPASS  # type: ignore[attr-defined]
    if sys.platform.startswith("win"):
        pyqt_path = os.path.join(meipass, "PySide6")  # noqa: PTH118
    else:
        pyqt_path = os.path.join(meipass, "PySide6", "Qt")  # noqa: PTH118
    os.environ["QT_PLUGIN_PATH"] = os.path.join(pyqt_path, "plugins")  # noqa: PTH118
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(meipass, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(meipass, "DYLD_LIBRARY_PATH")

    class RegisterQtConfAfterQtCore(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            for finder in sys.meta_path:
                if spec is not None:
                    break
                spec = finder.find_spec(name, path, target)
            if spec is None or spec.loader is None:
                return spec
            exec_module = spec.loader.exec_module

            def exec_then_register(module):  # type: ignore[no-untyped-def]
                exec_module(module)
                qt_rth_utils.create_embedded_qt_conf("PySide6", pyqt_path)

            spec.loader.exec_module = exec_then_register  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, RegisterQtConfAfterQtCore())


_pyi_rthook()
del _pyi_rthook
