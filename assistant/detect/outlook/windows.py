"""Outlook for Windows: which edition is installed, from the registry.

- Click-to-Run (Microsoft 365, 2016–2024 retail and volume):
  ``HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration`` — the edition from
  ``ProductReleaseIds``, the version from ``VersionToReport``, ``Platform``, and the
  update channel from ``CDNBaseUrl`` / ``UpdateChannel``.
- MSI (2016, 2013, 2010): ``…\\Office\\<16.0|15.0|14.0>\\Outlook\\InstallRoot``
  ``Path`` in either view, ``Bitness``, and the version from the Uninstall keys.
  Click-to-Run writes an InstallRoot too (``…\\root\\Office16``): such a key is never
  taken for MSI, even when the Click-to-Run configuration is gone (leftovers).
- Otherwise ``App Paths\\OUTLOOK.EXE`` and ``HKCR\\Outlook.Application\\CurVer`` show
  an Outlook whose edition cannot be told: verdict ``unknown`` with a note.

The new Outlook for Windows is in :mod:`assistant.detect.outlook.new_outlook`.
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.detect.outlook.c2r_products import outlook_edition
from assistant.detect.registry import Registry, RegistryKey, registry_for
from assistant.environment import Environment
from assistant.i18n import Message

APP_ID = "outlook-windows"
OFFICE = r"HKLM\SOFTWARE\Microsoft\Office"
C2R_CONFIGURATION = OFFICE + r"\ClickToRun\Configuration"
APP_PATHS = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\OUTLOOK.EXE"
CURVER = r"HKCR\Outlook.Application\CurVer"
UNINSTALL = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
IDENTITY_2013 = r"HKCU\Software\Microsoft\Office\15.0\Common\Identity"

# MSI Office versions -> edition (2019 and later exist only as Click-to-Run).
MSI_EDITIONS = {"16.0": "2016", "15.0": "2013", "14.0": "2010", "12.0": "2007"}

# Update channels by the first group of their GUID in CDNBaseUrl / UpdateChannel.
CHANNELS = {
    "492350f6": "Current",
    "64256afe": "CurrentPreview",
    "5440fd1f": "BetaChannel",
    "55336b82": "MonthlyEnterprise",
    "7ffbc6bf": "SemiAnnual",
    "b8f9b850": "SemiAnnualPreview",
    "f2e724c1": "PerpetualVL2019",
    "5030841d": "PerpetualVL2021",
    "7983bac0": "PerpetualVL2024",
}


def edition_from_product_ids(ids: list[str]) -> str | None:
    """The Outlook edition of a Click-to-Run install; None when no product has Outlook.
    Several products: the newest edition (an Office 2019 with a Microsoft 365 beside it
    runs the 365 Outlook)."""
    editions = {outlook_edition(product) for product in ids}
    for edition in ("365", "2024", "2021", "2019", "2016"):
        if edition in editions:
            return edition
    return None


def _edition_unexplained(ids: list[str], channel: str | None) -> str:
    """A Click-to-Run Outlook (16.0) that none of the product ids explains: an id this
    assistant does not know yet. Every Click-to-Run Outlook is 2016 or later and
    supported; the edition from the volume channel or a year among the ids, else 365."""
    if channel and channel.startswith("PerpetualVL"):
        return channel.removeprefix("PerpetualVL")
    years = sorted({m.group(0) for p in ids if (m := re.search(r"20(19|21|24)", p))})
    return years[-1] if years else "365"


def channel_of(*texts: str | None) -> str | None:
    for text in texts:
        if not text:
            continue
        match = re.search(r"([0-9a-fA-F]{8})-[0-9a-fA-F]{4}-", text)
        if match and match.group(1).lower() in CHANNELS:
            return CHANNELS[match.group(1).lower()]
    return None


def detect_outlook_windows(env: Environment, facts: MachineFacts) -> None:
    registry = registry_for(env).registry
    found = _click_to_run(registry)
    # Microsoft does not let an MSI Office 2016 and a Click-to-Run Office (also 16.0)
    # live side by side: next to a Click-to-Run Outlook, 16.0 MSI keys are leftovers.
    skip = ("16.0",) if any(app.edition for app in found) else ()
    found += _msi(registry, skip)
    if not found:
        fallback = _app_paths_only(registry)
        if fallback is not None:
            found.append(fallback)
    facts.apps.extend(found)


def _app_path(registry: Registry) -> str | None:
    for _view, key in registry.open_views(APP_PATHS):
        exe = key.text("") or None
        if exe:
            return exe.strip('"')
    return None


def _click_to_run(registry: Registry) -> list[InstalledApp]:
    apps: list[InstalledApp] = []
    for view, key in registry.open_views(C2R_CONFIGURATION):
        details = {"install_type": "click-to-run", "registry_key": key.path, "view": view}
        notes: list[Message] = []
        ids_value = key.value("ProductReleaseIds")
        ids_text = ids_value.text() if ids_value is not None else None
        platform = key.text("Platform")
        if platform:
            details["bitness"] = platform
        channel = channel_of(key.text("UpdateChannel"), key.text("CDNBaseUrl"))
        if channel:
            details["channel"] = channel
        version = key.text("VersionToReport") or key.text("ClientVersionToReport")
        if ids_text is None:
            note = (
                "windows.outlook.c2r_ids_missing"
                if ids_value is None
                else "windows.outlook.c2r_ids_wrong_type"
            )
            notes.append(
                Message(
                    note,
                    {"key": key.path, "type": ids_value.type_name if ids_value else ""},
                )
            )
            edition = None
        else:
            ids = [part.strip() for part in ids_text.split(",") if part.strip()]
            details["product_ids"] = ",".join(ids)
            excluded = any(_excluded(key, product) for product in ids)
            if excluded:
                ids = [product for product in ids if not _excluded(key, product)]
            edition = edition_from_product_ids(ids)
            exe = _app_path(registry)
            if edition is None and not excluded and exe and is_click_to_run_root(exe):
                # OUTLOOK.EXE in the Click-to-Run folder: an Outlook 16.0 whatever the
                # product (an id newer than this list, one the registry lost).
                edition = _edition_unexplained(ids, channel)
                notes.append(
                    Message("windows.outlook.c2r_product_unknown", {"ids": ",".join(ids) or "-"})
                )
            if edition is None:
                continue  # Office without Outlook (Home & Student, Visio, Project...)
        folder = key.text("InstallationPath")
        install_path = _app_path(registry) or (
            str(PureWindowsPath(folder, "root", "Office16", "OUTLOOK.EXE")) if folder else None
        )
        apps.append(
            InstalledApp(
                app_id=APP_ID,
                name="Outlook",
                version=version,
                install_path=install_path,
                source="registry",
                edition=edition,
                notes=notes,
                details=details,
            )
        )
    return apps


def _excluded(key: RegistryKey, product: str) -> bool:
    """Outlook left out of a product by the Office Deployment Tool (``ExcludedApps``)."""
    excluded = key.text(f"{product}.ExcludedApps") or ""
    return "outlook" in [part.strip().lower() for part in excluded.split(",")]


def is_click_to_run_root(path: str) -> bool:
    """``C:\\Program Files\\Microsoft Office\\root\\Office16\\`` is Click-to-Run's."""
    parts = [part.lower() for part in PureWindowsPath(path).parts]
    return "root" in parts


def _msi(registry: Registry, skip: tuple[str, ...] = ()) -> list[InstalledApp]:
    apps: list[InstalledApp] = []
    for office_version, edition in MSI_EDITIONS.items():
        if office_version in skip:
            continue
        for view, key in registry.open_views(f"{OFFICE}\\{office_version}\\Outlook\\InstallRoot"):
            path = key.text("Path")
            notes: list[Message] = []
            details = {"install_type": "msi", "registry_key": key.path, "view": view}
            if path is not None and is_click_to_run_root(path):
                continue  # Click-to-Run's own InstallRoot, or what is left of one
            if path is None:
                notes.append(Message("windows.outlook.install_root_no_path", {"key": key.path}))
            outlook_key = registry.open(f"{OFFICE}\\{office_version}\\Outlook", view)
            bitness = outlook_key.text("Bitness") if outlook_key else None
            details["bitness"] = bitness or ("x86" if view == "32" else "x64")
            version, product = _msi_version(registry, office_version)
            if product:
                details["product"] = product
            if edition == "2013":
                notes.append(_outlook_2013_note(registry))
            apps.append(
                InstalledApp(
                    app_id=APP_ID,
                    name="Outlook",
                    version=version or office_version,
                    install_path=str(PureWindowsPath(path, "OUTLOOK.EXE")) if path else None,
                    source="registry",
                    edition=edition,
                    notes=notes,
                    details=details,
                )
            )
    return apps


def _msi_version(registry: Registry, office_version: str) -> tuple[str | None, str | None]:
    """DisplayVersion and DisplayName of the ``Office16.PROPLUS``-style Uninstall key, or
    of the MSI product key ``{90160000-…-0000000FF1CE}`` (Office's own GUID pattern)."""
    major = office_version.split(".")[0]
    prefix = f"office{major}."
    product_guid = re.compile(rf"^\{{9[01]{major}0000-[0-9a-f-]+-0000000ff1ce\}}$", re.I)
    for _view, uninstall in registry.open_views(UNINSTALL):
        names = uninstall.subkey_names()
        named = [n for n in names if n.lower().startswith(prefix)]
        for name in named + [n for n in names if product_guid.match(n)]:
            key = uninstall.subkey(name)
            if key is not None and key.text("DisplayVersion"):
                return key.text("DisplayVersion"), key.text("DisplayName")
    return None, None


def _outlook_2013_note(registry: Registry) -> Message:
    """Outlook 2013 uses modern auth only with EnableADAL=1 and Version=1 (DWORD)."""
    key = registry.open(IDENTITY_2013)
    adal = key.value("EnableADAL") if key else None
    version = key.value("Version") if key else None
    if adal is not None and version is not None and adal.number() == 1 and version.number() == 1:
        return Message("windows.outlook.adal_enabled_2013", {"key": IDENTITY_2013})
    wrong = [v for v in (adal, version) if v is not None and v.number() is None]
    if wrong:
        return Message(
            "windows.outlook.adal_wrong_type_2013",
            {"key": IDENTITY_2013, "name": wrong[0].name, "type": wrong[0].type_name},
        )
    return Message("windows.outlook.adal_missing_2013", {"key": IDENTITY_2013})


def _app_paths_only(registry: Registry) -> InstalledApp | None:
    """An Outlook known only by App Paths or Outlook.Application: edition unknown."""
    exe = _app_path(registry)
    curver_key = registry.open(CURVER)
    curver = curver_key.text("") if curver_key else None
    if exe is None and not curver:
        return None
    major = curver.rsplit(".", 1)[-1] if curver and curver[-1:].isdigit() else None
    edition = {v.split(".")[0]: e for v, e in MSI_EDITIONS.items() if v != "16.0"}.get(major or "")
    details = {"install_type": "unknown"}
    if curver:
        details["curver"] = curver
    return InstalledApp(
        app_id=APP_ID,
        name="Outlook",
        version=f"{major}.0" if major else None,
        install_path=exe,
        source="registry",
        edition=edition,
        notes=[]
        if edition
        else [Message("windows.outlook.edition_unknown", {"curver": curver or "-"})],
        details=details,
    )
