"""What each desktop learns about the program: macOS Info.plist (+ the Japanese and English
InfoPlist.strings) and the Linux .desktop entry. The texts come from the i18n catalog
(``resources/i18n/frozen.toml``), so they are translated like every other string.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import dist_contents as dc

LANGUAGES = ("ja", "en")

# Info.plist usage-description key -> catalog key. Only what the program really does:
# it writes backups to external, network, Documents and Desktop folders and reads mail
# data there. Full Disk Access (Apple Mail's folder) has no usage string: macOS never
# asks for it, the user turns it on in System Settings, which the app explains.
USAGE_KEYS: dict[str, str] = {
    "NSRemovableVolumesUsageDescription": "dist.macos.usage.removable_volumes",
    "NSNetworkVolumesUsageDescription": "dist.macos.usage.network_volumes",
    "NSDocumentsFolderUsageDescription": "dist.macos.usage.documents",
    "NSDesktopFolderUsageDescription": "dist.macos.usage.desktop",
    "NSDownloadsFolderUsageDescription": "dist.macos.usage.downloads",
}


def texts(root: Path) -> dict[str, dict[str, str]]:
    """``{"dist.app.name": {"ja": ..., "en": ...}, ...}`` from frozen.toml."""
    with (root / "resources" / "i18n" / "frozen.toml").open("rb") as f:
        table: dict[str, Any] = tomllib.load(f)

    def walk(node: dict[str, Any], prefix: str) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for name, value in node.items():
            if isinstance(value, dict) and set(value) >= set(LANGUAGES):
                out[prefix + name] = value
            elif isinstance(value, dict):
                out.update(walk(value, f"{prefix}{name}."))
        return out

    return walk(table, "")


def info_plist(root: Path, version: str) -> dict[str, object]:
    """The keys ``BUNDLE(info_plist=...)`` adds to PyInstaller's own (id, version, icon)."""
    t = texts(root)
    plist: dict[str, object] = {
        "CFBundleName": dc.MAC_APP_NAME,
        "CFBundleDisplayName": t["dist.app.name"]["en"],
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": list(LANGUAGES),
        "LSMinimumSystemVersion": dc.MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.utilities",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follows dark mode like Qt does
        "NSHumanReadableCopyright": "Mail Migration Assistant contributors",
    }
    plist.update({key: t[text_key]["en"] for key, text_key in USAGE_KEYS.items()})
    return plist


def infoplist_strings(root: Path, language: str) -> str:
    """``<lang>.lproj/InfoPlist.strings``: the name and usage strings in that language."""
    t = texts(root)
    pairs = {"CFBundleDisplayName": t["dist.app.name"][language]}
    pairs.update({key: t[text_key][language] for key, text_key in USAGE_KEYS.items()})

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "".join(f"{quoted(k)} = {quoted(v)};\n" for k, v in pairs.items())


def write_infoplist_strings(root: Path, folder: Path) -> list[tuple[str, str]]:
    """Write ``<lang>.lproj/InfoPlist.strings`` under ``folder``; ``(source, dest)`` datas."""
    datas = []
    for language in LANGUAGES:
        lproj = folder / f"{language}.lproj"
        lproj.mkdir(parents=True, exist_ok=True)
        path = lproj / "InfoPlist.strings"
        path.write_text(infoplist_strings(root, language), encoding="utf-16")
        datas.append((str(path), f"{language}.lproj"))
    return datas


def desktop_entry(root: Path, exec_path: str) -> str:
    """The freedesktop ``.desktop`` entry (validated with desktop-file-validate)."""
    t = texts(root)
    name, comment = t["dist.app.name"], t["dist.app.comment"]
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        f"Name={name['en']}\n"
        f"Name[ja]={name['ja']}\n"
        f"Comment={comment['en']}\n"
        f"Comment[ja]={comment['ja']}\n"
        f"Exec={exec_path}\n"
        f"Icon={dc.APP_NAME}\n"
        "Terminal=false\n"
        "Categories=Network;Email;\n"
        "Keywords=mail;Thunderbird;Outlook;backup;OAuth;\n"
        "StartupNotify=true\n"
        "StartupWMClass=MailMigrationAssistant\n"  # Qt: WM_CLASS = (exe name, app name)
    )
