"""What the frozen build holds: our data files (listed explicitly) and the parts of Qt and
Python that it leaves out. ``installer.spec`` imports this; the tests check it against the
source tree, and ``build/test_dist.py`` against the built folder.

Kept on purpose (the largest files, see docs/deploy.md "What is in the folder"):
QtGui/QtWidgets/QtCore and the ICU data Qt's text handling needs; the ``xcb`` platform
(real Linux desktops), ``offscreen`` (tests, smoke-test), ``windows`` and ``cocoa``; the
image formats our icons use (PNG is built into QtGui; the ``ico`` plugin for the window
icon on Windows); OpenSSL's libcrypto (hashlib's fast SHA-256 for backup verification).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

APP_NAME = "mail-migration-assistant"
CLI_NAME = "mail-migration-assistant-cli"  # Windows only: the console companion
MAC_APP_NAME = "Mail Migration Assistant"
# Never change it: macOS keys the Full Disk Access grant (and the keychain, and MDM
# privacy profiles, PPPC) to the bundle id; a new id makes every grant disappear.
BUNDLE_ID = "jp.ac.chubu.isc.mail-migration-assistant"
# PySide6 6.12's only macOS wheel is macosx_14_0_universal2: Qt itself needs macOS 14.
MACOS_MINIMUM = "14.0"

# The data files the program reads through assistant/resources.py, relative to resources/.
# Patterns, not folders: a stray file in a folder does not end up in the bundle.
RESOURCE_PATTERNS: tuple[str, ...] = (
    "support_matrix.toml",
    "organization.toml",
    "i18n/*.toml",
    "guides/*.ja.md",  # the in-app summaries are read from the guide sources
    "guides/*.en.md",
    "guides/pdf/*.pdf",
    "guides/pdf/manifest.json",
    "demo/snapshot.toml",
    "demo/registry/*.reg",
    "demo/windows/**/*",
    "icons/mail-migration-assistant.png",
    "icons/mail-migration-assistant-256.png",
    "icons/mail-migration-assistant.ico",
)

# Files the bundle must hold, relative to its contents folder; checked at build time
# (installer.spec) and again on the built folder (build/test_dist.py).
REQUIRED_IN_BUNDLE: tuple[str, ...] = (
    "resources/support_matrix.toml",
    "resources/organization.toml",
    "resources/i18n/messages.toml",
    "resources/guides/pdf/thunderbird.ja.pdf",
    "resources/guides/pdf/thunderbird.en.pdf",
    "resources/demo/snapshot.toml",
    "resources/icons/mail-migration-assistant.png",
)
QT_TRANSLATION = "qtbase_ja.qm"  # Qt's own buttons (QWizard's Next/Back, QMessageBox)

# Python modules nobody imports at run time (they come in through the standard library's
# optional imports) and the Qt modules we do not use: only QtCore, QtGui and QtWidgets.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "unittest",
    "pydoc",
    "doctest",
    "pdb",
    "lib2to3",
    "xmlrpc",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtConcurrent",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtUiTools",
    "PySide6.QtMultimedia",
    "PySide6.QtStateMachine",
)

# Path fragments of collected binaries and data to drop (matched against the destination
# path with forward slashes). Each line says what it is and why it can go.
DROPPED_FRAGMENTS: tuple[str, ...] = (
    # Platforms no end-user machine of ours needs (embedded, VNC, framebuffer, Vulkan).
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqvnc",
    "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay",
    "platforms/libqminimal",
    "platforms/qminimal",
    "platforms/qdirect2d",
    "egldeviceintegrations",
    "libQt6EglFS",
    # The GTK platform theme drags in all of GTK 3; Qt's own Fusion style is used instead.
    "platformthemes/libqgtk3",
    "platformthemes/libqxdgdesktopportal",
    # Wayland: Qt falls back to xcb through XWayland, which every Wayland desktop has.
    "platforms/libqwayland",
    "wayland-",
    "libQt6Wayland",
    "libwayland-",
    # Network, QML, PDF, virtual keyboard, OpenGL: not used (no network access at all).
    "networkinformation",
    "tls/",
    "qmltooling",
    "QtQml",
    "QtQuick",
    "QtNetwork",
    "Qt6Network",  # libQt6Network.so, Qt6Network.dll
    "QtPdf",
    "Qt6Pdf",
    "QtVirtualKeyboard",
    "Qt6VirtualKeyboard",
    "Qt6Qml",
    "Qt6Quick",
    "virtualkeyboardplugin",  # the on-screen keyboard (the ibus and compose input methods stay:
    # Japanese input on Linux desktops goes through ibus/fcitx's ibus front end)
    "libQt6OpenGL",
    "Qt6OpenGL",
    "libQt6Svg",
    "Qt6Svg",
    "iconengines/",
    "generic/",  # evdev/tslib touch input for framebuffer platforms
    "xcbglintegrations",  # xcb's OpenGL integration: QtWidgets paints in software
    # Windows: the software OpenGL fallback (~20 MB) and the Direct3D shader compiler serve
    # OpenGL / Qt Quick windows; plain widgets paint without them.
    "opengl32sw.dll",
    "d3dcompiler_47.dll",
    # Image formats we never load: our icons are PNG (built in) and ICO.
    "imageformats/libqgif",
    "imageformats/libqjpeg",
    "imageformats/libqsvg",
    "imageformats/libqtga",
    "imageformats/libqtiff",
    "imageformats/libqwbmp",
    "imageformats/libqwebp",
    "imageformats/libqicns",
    "imageformats/libqpdf",
    "imageformats/qgif",
    "imageformats/qjpeg",
    "imageformats/qsvg",
    "imageformats/qtga",
    "imageformats/qtiff",
    "imageformats/qwbmp",
    "imageformats/qwebp",
    "imageformats/qpdf",
    # Python extension modules the excluded standard-library parts would have used.
    "_tkinter",
    # The GTK stack and Kerberos come only with the GTK theme and network plugins above.
    "libgtk-3",
    "libgdk-3",
    "libgdk_pixbuf",
    "libatk-",
    "libatk-bridge",
    "libcairo",
    "libpango",
    "libepoxy",
    "libpixman",
    "libfribidi",
    "libdatrie",
    "libthai",
    "libgssapi_krb5",
    "libkrb5",
    "libk5crypto",
    "libcom_err",
    "libkeyutils",
)

# Linux: shared libraries taken from the system instead of bundled. Two kinds:
# 1. what Qt's own wheel (libQt6Core/Gui, `ldd`) loads from the system: the PySide6 wheel
#    never bundles them, so every machine that runs Qt at all has them (`make run` from
#    source needs exactly the same); bundling old copies only risks clashing with the
#    system's graphics drivers (libstdc++ against Mesa is the known case).
# 2. leftovers: libraries PyInstaller collected for the plugins dropped above (GTK theme,
#    input contexts, xcb's GL integration); no binary left in the bundle loads them.
# The xcb helper libraries (libxcb-cursor, -icccm, -keysyms, -image, -render-util, ...)
# and libxkbcommon-x11 stay bundled: Qt's xcb platform needs them and a plain desktop
# install often lacks them (FACTS.md). Python's own (libcrypto, libssl, libffi, libz,
# libbz2, liblzma, libsqlite3) stay too.
LINUX_SYSTEM_LIBRARY = re.compile(
    r"(^|/)lib("
    r"stdc\+\+|gcc_s|X11|Xau|Xdmcp|xkbcommon|glib-2\.0|gthread-2\.0|pcre2-8|dbus-1|systemd"
    r"|gcrypt|gpg-error|lz4|zstd|cap|bsd|md|fontconfig|freetype|png16|brotli(common|dec)|expat"
    r"|gio-2\.0|gobject-2\.0|gmodule-2\.0|mount|blkid|selinux|harfbuzz|graphite2|atspi|jpeg"
    r"|X(i|ext|render|randr|cursor|fixes|damage|composite|inerama)|xcb-glx"
    r")\.so(\.[0-9.]+)?$"
)

_TRANSLATION = re.compile(r"(^|/)translations/[^/]+\.qm$")


def keep(entry: tuple[str, ...], *, linux: bool = False) -> bool:
    """Whether a collected (dest, source, kind) entry stays in the bundle."""
    dest = entry[0].replace("\\", "/")
    if any(fragment in dest for fragment in DROPPED_FRAGMENTS):
        return False
    if linux and LINUX_SYSTEM_LIBRARY.search(dest):
        return False
    if _TRANSLATION.search(dest):
        return dest.rsplit("/", 1)[-1] == QT_TRANSLATION
    return True


def resource_files(root: Path) -> list[Path]:
    """Every data file of ours that goes into the bundle, from RESOURCE_PATTERNS."""
    resources = root / "resources"
    files: set[Path] = set()
    for pattern in RESOURCE_PATTERNS:
        matched = [p for p in resources.glob(pattern) if p.is_file()]
        if not matched:
            raise FileNotFoundError(f"{resources / pattern}: no file matches")
        files.update(p for p in matched if not p.name.startswith("."))
    return sorted(files)


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """``(source, destination folder)`` pairs for ``Analysis(datas=...)``."""
    return [(str(p), str(p.parent.relative_to(root).as_posix())) for p in resource_files(root)]


def missing_from(dest_names: Iterable[str]) -> list[str]:
    """The required files a bundle's list of destination paths lacks."""
    names = {n.replace("\\", "/") for n in dest_names}
    missing = [r for r in REQUIRED_IN_BUNDLE if r not in names]
    if not any(n.endswith("/" + QT_TRANSLATION) for n in names):
        missing.append(QT_TRANSLATION)
    return missing
