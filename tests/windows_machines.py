"""Registry sections of real Windows machines (as regedit exports them), and the demo.

Each function returns ``(key, value lines)`` sections for :mod:`regexport`.
"""

from __future__ import annotations

from pathlib import Path

from regexport import dword, expand_sz, export_v5, hex_value, sz, utf16, write_export

Section = tuple[str, list[str]]
HKLM_SW = "HKEY_LOCAL_MACHINE\\SOFTWARE"
HKCU_SW = "HKEY_CURRENT_USER\\Software"
POP3 = "{ED475411-B0D6-11D2-8C3B-00104B2A6676}"
IMAP = "{ED475412-B0D6-11D2-8C3B-00104B2A6676}"
MAPI = "{ED475414-B0D6-11D2-8C3B-00104B2A6676}"
OUTLOOK_COM = "{4DB5CBF0-3B77-4852-BC8E-BB81908861F3}"
ACCOUNTS = "9375CFF0413111d3B88A00104B2A6676"
CURRENT_CHANNEL = "http://officecdn.microsoft.com/pr/492350f6-3a01-4f97-b9c0-c7c6ddf67d60"
VL2021_CHANNEL = "http://officecdn.microsoft.com/pr/5030841d-c919-4594-8d2d-84ae4f96e58e"


def sw(view: str = "64") -> str:
    return HKLM_SW + ("\\WOW6432Node" if view == "32" else "")


def windows_nt(product: str, display: str, build: int, ubr: int) -> list[Section]:
    return [
        (
            f"{HKLM_SW}\\Microsoft\\Windows NT\\CurrentVersion",
            [
                sz("CurrentBuild", str(build)),
                sz("CurrentBuildNumber", str(build)),
                dword("CurrentMajorVersionNumber", 10),
                dword("CurrentMinorVersionNumber", 0),
                sz("CurrentVersion", "6.3"),
                sz("DisplayVersion", display),
                sz("EditionID", "Professional"),
                sz("ProductName", product),
                dword("UBR", ubr),
            ],
        )
    ]


def click_to_run(
    ids: str | None,
    version: str = "16.0.17928.20114",
    platform: str = "x64",
    channel: str = CURRENT_CHANNEL,
    extra: list[str] | None = None,
) -> list[Section]:
    values = [
        sz("CDNBaseUrl", channel),
        sz("InstallationPath", "C:\\Program Files\\Microsoft Office"),
        sz("Platform", platform),
        sz("VersionToReport", version),
        *(extra or []),
    ]
    if ids is not None:
        values.append(sz("ProductReleaseIds", ids))
    root = "C:\\Program Files\\Microsoft Office\\root\\Office16\\"
    return [
        (f"{HKLM_SW}\\Microsoft\\Office\\ClickToRun\\Configuration", values),
        (f"{HKLM_SW}\\Microsoft\\Office\\16.0\\Outlook\\InstallRoot", [sz("Path", root)]),
        *app_paths_outlook(root + "OUTLOOK.EXE"),
    ]


def msi(
    office: str, view: str, bitness: str | None, product: str, display_version: str
) -> list[Section]:
    folder = {"16.0": "Office16", "15.0": "Office15", "14.0": "Office14"}[office]
    program_files = "C:\\Program Files (x86)" if view == "32" else "C:\\Program Files"
    path = f"{program_files}\\Microsoft Office\\{folder}\\"
    sections: list[Section] = [
        (f"{sw(view)}\\Microsoft\\Office\\{office}\\Outlook\\InstallRoot", [sz("Path", path)]),
        (
            f"{sw(view)}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
            f"Office{office.split('.')[0]}.PROPLUS",
            [sz("DisplayName", product), sz("DisplayVersion", display_version)],
        ),
        *app_paths_outlook(path + "OUTLOOK.EXE", view),
        *curver(office.split(".")[0]),
    ]
    if bitness:
        sections.append(
            (f"{sw(view)}\\Microsoft\\Office\\{office}\\Outlook", [sz("Bitness", bitness)])
        )
    return sections


def app_paths_outlook(exe: str, view: str = "64") -> list[Section]:
    return [
        (
            f"{sw(view)}\\Microsoft\\Windows\\CurrentVersion\\App Paths\\OUTLOOK.EXE",
            [sz("", exe), sz("Path", exe.rsplit("\\", 1)[0] + "\\")],
        )
    ]


def curver(major: str) -> list[Section]:
    return [
        (
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Outlook.Application\\CurVer",
            [sz("", f"Outlook.Application.{major}")],
        )
    ]


def thunderbird(current: str, folder: str, hive: str = "HKLM", view: str = "64") -> list[Section]:
    base = (sw(view) if hive == "HKLM" else HKCU_SW) + "\\Mozilla\\Mozilla Thunderbird"
    return [
        (base, [sz("CurrentVersion", current)]),
        (f"{base}\\{current}", []),
        (
            f"{base}\\{current}\\Main",
            [sz("Install Directory", folder), sz("PathToExe", folder + "\\thunderbird.exe")],
        ),
    ]


def profile(
    name: str,
    accounts: list[tuple[str, list[str]]],
    services: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
    office: str = "16.0",
    default: bool = True,
) -> list[Section]:
    base = f"{HKCU_SW}\\Microsoft\\Office\\{office}\\Outlook"
    sections: list[Section] = []
    if default:
        sections.append((base, [sz("DefaultProfile", name)]))
    sections.append((f"{base}\\Profiles\\{name}", []))
    sections.append((f"{base}\\Profiles\\{name}\\{ACCOUNTS}", [dword("NextAccountID", 3)]))
    for number, values in accounts:
        sections.append((f"{base}\\Profiles\\{name}\\{ACCOUNTS}\\{number}", values))
    for service, values in services:
        sections.append((f"{base}\\Profiles\\{name}\\{service}", values))
    return sections


def pop3_account(
    email: str, host: str, smtp: str, display: str | None = None, person: str | None = None
) -> list[str]:
    """A POP3 account: ``display`` its label ("Account Name"), ``person`` the name mail
    is sent under ("Display Name", "Your Name" in Outlook's dialog)."""
    return [
        utf16("Account Name", display or email),
        sz("clsid", POP3),
        utf16("Display Name", person or display or email),
        utf16("Email", email),
        dword("Leave Mail On Server", 1),
        dword("POP3 Port", 995),
        utf16("POP3 Server", host),
        utf16("POP3 User", email),
        hex_value("POP3 Password2", bytes(range(1, 40))),
        dword("SMTP Port", 587),
        utf16("SMTP Server", smtp),
        dword("SMTP Use Auth", 1),
    ]


def imap_account(email: str, host: str, smtp: str) -> list[str]:
    return [
        utf16("Account Name", email),
        sz("clsid", IMAP),
        utf16("Email", email),
        dword("IMAP Port", 993),
        utf16("IMAP Server", host, nul=False),
        utf16("IMAP User", email),
        hex_value("IMAP Password", bytes(range(5, 30))),
        utf16("SMTP Server", smtp, nul=False),
    ]


def exchange_account(email: str) -> list[str]:
    return [utf16("Account Name", email), sz("clsid", MAPI), utf16("Email", email)]


def pst_service(key: str, path: str) -> tuple[str, list[str]]:
    return key, [
        utf16("001f6700", path),
        hex_value("001f3001", "個人用フォルダー\0".encode("utf-16-le")),
    ]


def ost_service(key: str, path: str, server: str) -> tuple[str, list[str]]:
    return key, [utf16("001f6610", path), utf16("001f662a", server)]


# ---- the demo snapshot (resources/demo) --------------------------------------------


def computer_name(name: str) -> list[Section]:
    """The computer's name, as ``HKLM\\SYSTEM`` keeps it."""
    key = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName"
    return [(key, [sz("ComputerName", name)])]


def profile_list(users: dict[str, str]) -> list[Section]:
    """``ProfileList``: SID -> the profile folder (``ProfileImagePath``, REG_EXPAND_SZ)."""
    base = f"{HKLM_SW}\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
    return [
        (f"{base}\\{sid}", [expand_sz("ProfileImagePath", path), dword("State", 0)])
        for sid, path in users.items()
    ]


DEMO_USER = "taro"
DEMO_SID = "S-1-5-21-3623811015-3361044348-30300820-1001"
DEMO_COMPUTER = "ISC-PC-0123"
DEMO_EMAIL = "taro@isc.chubu.ac.jp"
DEMO_PST = f"C:\\Users\\{DEMO_USER}\\Documents\\Outlook Files\\{DEMO_EMAIL}.pst"


def demo_hklm() -> bytes:
    return export_v5(
        [
            *windows_nt("Windows 10 Pro", "23H2", 22631, 4460),
            *computer_name(DEMO_COMPUTER),
            *profile_list({DEMO_SID: f"C:\\Users\\{DEMO_USER}"}),
            *msi("16.0", "32", "x86", "Microsoft Office Professional Plus 2016", "16.0.4266.1001"),
            *thunderbird("91.13.0 (ja)", "C:\\Program Files (x86)\\Mozilla Thunderbird", view="32"),
        ]
    )


def demo_hkcu() -> bytes:
    return export_v5(
        profile(
            "Outlook",
            [
                (
                    "00000002",
                    pop3_account(
                        DEMO_EMAIL, "outlook.office365.com", "smtp.office365.com", "中部 太郎"
                    ),
                )
            ],
            [pst_service("0a0d020000000000c000000000000046", DEMO_PST)],
        )
    )


PST_STAND_IN = b"!BDN" + bytes(4092)  # the PST magic, then nothing: a 4 KB stand-in

PROFILES_INI = """[Install2656FF1E876E9973]\r
Default=Profiles/k3x9d2ab.default-release\r
Locked=1\r
\r
[Profile0]\r
Name=default-release\r
IsRelative=1\r
Path=Profiles/k3x9d2ab.default-release\r
Default=1\r
\r
[General]\r
StartWithLastProfile=1\r
Version=2\r
\r
"""

INSTALLS_INI = """[2656FF1E876E9973]\r
Default=Profiles/k3x9d2ab.default-release\r
Locked=1\r
\r
"""

PREFS_JS = """// Mozilla User Preferences\r
\r
// DO NOT EDIT THIS FILE.\r
//\r
// If you make changes to this file while the application is running,\r
// the changes will be overwritten when the application exits.\r
//\r
// To change a preference value, you can either:\r
// - modify it via the UI (e.g. via about:config in the browser); or\r
// - set it to a different value in user.js.\r
\r
user_pref("mail.account.account1.identities", "id1");\r
user_pref("mail.account.account1.server", "server1");\r
user_pref("mail.account.account2.server", "server2");\r
user_pref("mail.account.lastKey", 2);\r
user_pref("mail.accountmanager.accounts", "account1,account2");\r
user_pref("mail.accountmanager.defaultaccount", "account1");\r
user_pref("mail.accountmanager.localfoldersserver", "server2");\r
user_pref("mail.identity.id1.fullName", "中部 太郎");\r
user_pref("mail.identity.id1.smtpServer", "smtp1");\r
user_pref("mail.identity.id1.useremail", "taro@isc.chubu.ac.jp");\r
user_pref("mail.server.server1.check_new_mail", true);\r
user_pref("mail.server.server1.directory", "{mail_dir}\\\\outlook.office365.com");\r
user_pref("mail.server.server1.hostname", "outlook.office365.com");\r
user_pref("mail.server.server1.login_at_startup", true);\r
user_pref("mail.server.server1.name", "taro@isc.chubu.ac.jp");\r
user_pref("mail.server.server1.port", 995);\r
user_pref("mail.server.server1.socketType", 3);\r
user_pref("mail.server.server1.type", "pop3");\r
user_pref("mail.server.server1.userName", "taro@isc.chubu.ac.jp");\r
user_pref("mail.server.server2.directory", "{mail_dir}\\\\Local Folders");\r
user_pref("mail.server.server2.hostname", "Local Folders");\r
user_pref("mail.server.server2.name", "ローカルフォルダー");\r
user_pref("mail.server.server2.type", "none");\r
user_pref("mail.server.server2.userName", "nobody");\r
user_pref("mail.smtpserver.smtp1.authMethod", 3);\r
user_pref("mail.smtpserver.smtp1.hostname", "smtp.office365.com");\r
user_pref("mail.smtpserver.smtp1.port", 587);\r
user_pref("mail.smtpserver.smtp1.try_ssl", 2);\r
user_pref("mail.smtpserver.smtp1.username", "taro@isc.chubu.ac.jp");\r
user_pref("mail.smtpservers", "smtp1");\r
""".replace(
    "{mail_dir}",
    "C:\\\\Users\\\\taro\\\\AppData\\\\Roaming\\\\Thunderbird\\\\Profiles\\\\"
    "k3x9d2ab.default-release\\\\Mail",
)


def write_demo(base: Path) -> None:
    """The files of resources/demo (the snapshot.toml is written by hand)."""
    write_export(base / "registry" / "hklm.reg", demo_hklm())
    write_export(base / "registry" / "hkcu.reg", demo_hkcu())
    home = base / "windows" / "Users" / DEMO_USER
    files = {
        home / "Documents" / "Outlook Files" / f"{DEMO_EMAIL}.pst": PST_STAND_IN,
        home / "Documents" / "Outlook Files" / "アーカイブ 2021.pst": PST_STAND_IN,
        home / "AppData" / "Roaming" / "Thunderbird" / "profiles.ini": PROFILES_INI.encode(),
        home / "AppData" / "Roaming" / "Thunderbird" / "installs.ini": INSTALLS_INI.encode(),
        home
        / "AppData"
        / "Roaming"
        / "Thunderbird"
        / "Profiles"
        / "k3x9d2ab.default-release"
        / "prefs.js": PREFS_JS.encode(),
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    import sys

    write_demo(Path(sys.argv[1]))


def make_snapshot(
    base: Path,
    hklm: list[Section] | None = None,
    hkcu: list[Section] | None = None,
    files: dict[str, bytes] | None = None,
    user: str = DEMO_USER,
) -> list[str]:
    """A Windows snapshot under ``base``: ``root/``, the user's home, one export per hive.

    ``files`` maps Windows paths (``C:\\Users\\taro\\...``) to contents. Returns the
    global options that diagnose it."""
    root = base / "root"
    home = root / "Users" / user
    home.mkdir(parents=True, exist_ok=True)
    args = ["--platform", "windows", "--root", str(root), "--home", str(home)]
    for name, sections in (("hklm", hklm), ("hkcu", hkcu)):
        if sections is not None:
            path = write_export(base / f"{name}.reg", export_v5(sections))
            args += ["--registry", str(path)]
    for native, data in (files or {}).items():
        parts = native.split("\\")[1:]
        path = root.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return args
