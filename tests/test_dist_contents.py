"""What the frozen build holds and the metadata it carries (build/dist_contents.py,
build/platform_metadata.py, build/windows_version.py, build/make_icons.py).

The frozen program itself is run by build/test_dist.py (make test-dist); these tests keep
the spec's inputs honest without building anything.
"""

from __future__ import annotations

import ast
import io
import plistlib
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import cast

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))

import dist_contents as dc  # noqa: E402
import make_icons  # noqa: E402
import platform_metadata as pm  # noqa: E402
import windows_version as wv  # noqa: E402

from assistant import __version__  # noqa: E402


def test_every_data_file_the_program_reads_is_bundled() -> None:
    bundled = {p.relative_to(ROOT / "resources").as_posix() for p in dc.resource_files(ROOT)}
    resources = ROOT / "resources"
    # Every translation file, every built guide in both languages and its source (the in-app
    # summary), the demo snapshot with everything under it.
    for path in sorted(resources.glob("i18n/*.toml")):
        assert f"i18n/{path.name}" in bundled
    for path in sorted(resources.glob("guides/pdf/*.pdf")):
        assert f"guides/pdf/{path.name}" in bundled
        assert f"guides/{path.name.removesuffix('.pdf')}.md" in bundled
    demo = {p.relative_to(resources).as_posix() for p in resources.glob("demo/**/*") if p.is_file()}
    assert {d for d in demo if not Path(d).name.startswith(".")} <= bundled
    required = {r.removeprefix("resources/") for r in dc.REQUIRED_IN_BUNDLE}
    assert required <= bundled


def test_resource_datas_keep_the_folder_layout_resources_py_expects() -> None:
    for source, dest in dc.resource_datas(ROOT):
        assert Path(source).parent.relative_to(ROOT).as_posix() == dest
        assert dest == "resources" or dest.startswith("resources/")


def test_a_pattern_that_matches_nothing_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "resources").mkdir()
    with pytest.raises(FileNotFoundError, match=r"support_matrix\.toml"):
        dc.resource_files(tmp_path)


def _imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "assistant").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_excluded_module_is_imported_by_the_program() -> None:
    """An exclusion must never remove something the code imports (sqlite3 once was)."""
    imported = _imported_top_level_modules()
    clashes = sorted(
        name
        for name in imported
        for excluded in dc.EXCLUDED_MODULES
        if name == excluded or name.startswith(excluded + ".")
    )
    assert clashes == []


@pytest.mark.parametrize(
    ("dest", "linux", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_ja.qm", False, True),
        ("PySide6/Qt/translations/qtbase_de.qm", False, False),
        ("PySide6/Qt/translations/qt_ja.qm", False, False),
        ("PySide6/translations/qtbase_ja.qm", False, True),  # Windows wheel layout
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True, True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True, True),
        ("PySide6/plugins/platforms/qwindows.dll", False, True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False, True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True, False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True, False),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True, True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True, False),
        ("PySide6/Qt/lib/libQt6Network.so.6", True, False),
        ("PySide6/Qt6Network.dll", False, False),
        ("PySide6/opengl32sw.dll", False, False),
        ("PySide6/Qt6Widgets.dll", False, True),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
            True,
            True,
        ),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True, False),
        ("PySide6/Qt/lib/libicudata.so.73", True, True),
        ("libstdc++.so.6", True, False),
        ("libstdc++.so.6", False, True),  # only Linux takes it from the system
        ("libX11.so.6", True, False),
        ("libxcb-cursor.so.0", True, True),  # often missing on desktops: bundled
        ("libxkbcommon-x11.so.0", True, True),
        ("libcrypto.so.3", True, True),  # hashlib's fast SHA-256
        ("libsqlite3.so.0", True, True),  # Apple Mail's accounts database
        ("libmd.so.0", True, False),
        ("libmount.so.1", True, False),
    ],
)
def test_what_the_filter_keeps(dest: str, linux: bool, kept: bool) -> None:
    assert dc.keep((dest, "/src/" + dest, "BINARY"), linux=linux) is kept


def test_missing_from_names_what_a_bundle_lacks() -> None:
    complete = [*dc.REQUIRED_IN_BUNDLE, "PySide6/Qt/translations/qtbase_ja.qm"]
    assert dc.missing_from(complete) == []
    assert dc.missing_from(complete[1:-1]) == [dc.REQUIRED_IN_BUNDLE[0], dc.QT_TRANSLATION]


def test_the_macos_info_plist() -> None:
    plist = pm.info_plist(ROOT, "1.2.3")
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    assert plist["LSMinimumSystemVersion"] == "14.0"
    assert plist["NSHighResolutionCapable"] is True
    for key in pm.USAGE_KEYS:
        assert isinstance(plist[key], str) and plist[key]
    plistlib.dumps(plist)  # every value is one a plist can hold


def test_the_bundle_id_never_changes() -> None:
    """Full Disk Access, keychain items and MDM privacy profiles are keyed to it."""
    assert dc.BUNDLE_ID == "jp.ac.chubu.isc.mail-migration-assistant"


def test_infoplist_strings_in_both_languages(tmp_path: Path) -> None:
    datas = pm.write_infoplist_strings(ROOT, tmp_path)
    assert [dest for _, dest in datas] == ["ja.lproj", "en.lproj"]
    ja = Path(datas[0][0]).read_text(encoding="utf-16")
    assert '"CFBundleDisplayName" = "メール移行アシスタント";' in ja
    for key in pm.USAGE_KEYS:
        assert f'"{key}" = "' in ja
    # macOS reads the file as an old-style plist; a quote inside a value must not end it.
    escaped = pm.infoplist_strings(ROOT, "en")
    assert escaped.count('"') % 2 == 0


def test_every_metadata_text_is_translated() -> None:
    with (ROOT / "resources" / "i18n" / "frozen.toml").open("rb") as f:
        tomllib.load(f)
    texts = pm.texts(ROOT)
    assert set(pm.USAGE_KEYS.values()) <= set(texts)
    for key, entry in texts.items():
        assert entry["ja"] and entry["en"], key


def test_the_desktop_entry() -> None:
    entry = pm.desktop_entry(ROOT, "/opt/mail-migration-assistant/mail-migration-assistant")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert "Exec=/opt/mail-migration-assistant/mail-migration-assistant" in lines
    assert "Name[ja]=メール移行アシスタント" in lines
    assert "Icon=mail-migration-assistant" in lines


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
    ],
)
def test_windows_version_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert wv.version_tuple(version) == numbers


@pytest.mark.parametrize("version", ["", "dev", "70000.0.0"])
def test_windows_version_refuses_what_windows_cannot_hold(version: str) -> None:
    with pytest.raises(ValueError, match="version"):
        wv.version_tuple(version)


def test_the_windows_version_resource_is_generated_from_the_package(tmp_path: Path) -> None:
    path = wv.write_version_resource(
        tmp_path, __version__, exe_name="mail-migration-assistant", description="Mail"
    )
    text = path.read_text(encoding="utf-8")
    call = ast.parse(text, mode="eval").body  # PyInstaller eval()s it: it must be one call
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "VSVersionInfo"
    numbers = wv.version_tuple(__version__)
    assert f"filevers={numbers!r}" in text
    assert f"StringStruct('ProductVersion', {__version__!r})" in text
    assert "StringStruct('OriginalFilename', 'mail-migration-assistant.exe')" in text


def test_the_committed_icons_are_what_make_icons_draws() -> None:
    """Pixels, not bytes: PNG compression may differ between platforms' zlib builds."""
    from PIL import Image, ImageChops

    folder = ROOT / "resources" / "icons"
    for name, data in make_icons.encoded(make_icons.draw()).items():
        with Image.open(folder / name) as committed, Image.open(io.BytesIO(data)) as drawn:
            assert committed.size == drawn.size, name
            if name.endswith(".ico"):
                assert committed.info["sizes"] == drawn.info["sizes"], name
            difference = ImageChops.difference(committed.convert("RGBA"), drawn.convert("RGBA"))
            extrema = cast(tuple[tuple[int, int], ...], difference.getextrema())  # one per band
            assert max(high for _, high in extrema) <= 2, name


@pytest.mark.skipif(sys.platform != "linux", reason="macOS would sign; Windows has no bash")
def test_the_signing_script_refuses_plainly_where_it_cannot_sign() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "build" / "macos" / "sign_and_notarize.sh")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "nothing was signed" in result.stderr
    assert result.stdout == ""
