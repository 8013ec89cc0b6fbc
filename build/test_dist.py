"""Run the frozen program as a user and a helpdesk meet it (make test-dist).

    .venv/bin/python build/test_dist.py [--build] [--folder DIR]

With ``--build`` it first builds ``installer.spec`` into ``dist/``. Then, offscreen, it runs
the program in the one-folder build (on macOS the one inside the ``.app``):
``--version``; ``check thunderbird 102.2.0 --json``; ``--demo report --json`` validated
against docs/report.schema.json; ``guide thunderbird --print`` (the PDF must be inside the
bundle); ``--demo backup`` into a temporary folder, ``verify`` it, then damage one copied
file and ``verify`` again (it must fail); a usage error (one sentence, exit 2); and
``smoke-test``. Every check asserts the exit code and the output; no traceback may reach
stderr. Exit 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import configparser
import json
import plistlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "build"), str(ROOT)]

import dist_contents as dc  # noqa: E402
import frozen_build as fb  # noqa: E402
import jsonschema  # noqa: E402

from assistant import __version__  # noqa: E402

TIMEOUT_S = 180  # a hung program fails the check instead of hanging CI


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


class FrozenProgram:
    def __init__(self, executable: Path, contents: Path, bundle: Path, log_dir: Path) -> None:
        self.executable = executable
        self.contents = contents  # the folder holding resources/ (sys._MEIPASS)
        self.bundle = bundle  # the one folder, or the .app
        self.env = fb.frozen_environment(log_dir)

    def run(self, *args: str, expect_exit: int | set[int] = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.executable), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            timeout=TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
        allowed = {expect_exit} if isinstance(expect_exit, int) else expect_exit
        shown = " ".join(args)
        expect(
            result.returncode in allowed,
            f"`{shown}` exited {result.returncode}, expected {sorted(allowed)}\n"
            f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}",
        )
        expect("Traceback" not in result.stderr, f"`{shown}` printed a traceback:\n{result.stderr}")
        return result


def check_contents(p: FrozenProgram) -> str:
    names = [f.path for f in fb.bundle_files(p.contents, links=True)]
    missing = dc.missing_from(names)
    expect(not missing, f"the bundle lacks {missing}")
    qm = p.contents / "PySide6" / "Qt" / "translations" / dc.QT_TRANSLATION
    if sys.platform == "win32":
        qm = p.contents / "PySide6" / "translations" / dc.QT_TRANSLATION
    expect(qm.is_file(), f"{qm} missing: Qt's own buttons would stay English")
    extra_qm = [n for n in names if n.endswith(".qm") and not n.endswith(dc.QT_TRANSLATION)]
    expect(not extra_qm, f"translations that should have been left out: {extra_qm[:5]}")
    return f"{len(names)} files, {fb.mb(fb.bundle_bytes(p.bundle))}"


def check_desktop_entry(p: FrozenProgram) -> str:
    """Linux: the .desktop entry and icon beside the program, valid for freedesktop."""
    if not sys.platform.startswith("linux"):
        return (
            "not Linux: no .desktop entry (Windows uses the installer's shortcuts, macOS the .app)"
        )
    entry = p.bundle / f"{dc.APP_NAME}.desktop"
    expect(
        entry.is_file() and (p.bundle / f"{dc.APP_NAME}.png").is_file(), f"{entry} or icon missing"
    )
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign,unused-ignore]
    parsed.read(entry, encoding="utf-8")
    section = parsed["Desktop Entry"]
    expect(section.get("Exec", "").endswith(f"/{dc.APP_NAME}"), f"Exec= is {section.get('Exec')!r}")
    expect(bool(section.get("Name[ja]")), "no Japanese Name[ja]")
    validator = shutil.which("desktop-file-validate")
    expect(
        validator is not None, "desktop-file-validate missing (apt-get install desktop-file-utils)"
    )
    result = subprocess.run([str(validator), str(entry)], capture_output=True, text=True)
    expect(result.returncode == 0 and not result.stdout.strip(), f"invalid: {result.stdout}")
    return "valid (desktop-file-validate)"


def _embedded_manifest(pe: Any) -> bytes:
    """The RT_MANIFEST resource (type 24) of a PE file, or b"" without one."""
    for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        if kind.id == 24:
            data = kind.directory.entries[0].directory.entries[0].data.struct
            return bytes(pe.get_data(data.OffsetToData, data.Size))
    return b""


def check_platform_metadata(p: FrozenProgram) -> str:
    """Windows: subsystems, version resource, manifest; macOS: Info.plist and signature."""
    if sys.platform == "win32":
        import pefile  # installed with PyInstaller on Windows

        subsystems = {dc.APP_NAME: 2, dc.CLI_NAME: 3}  # 2 = Windows GUI, 3 = console
        for name, subsystem in subsystems.items():
            pe = pefile.PE(str(fb.program(p.bundle, name)))
            expect(pe.OPTIONAL_HEADER.Subsystem == subsystem, f"{name}: subsystem wrong")
            strings = {
                k.decode(): v.decode()
                for info in pe.FileInfo[0]
                if info.Key == b"StringFileInfo"
                for table in info.StringTable
                for k, v in table.entries.items()
            }
            expect(strings.get("ProductVersion") == __version__, f"{name}: {strings}")
            manifest = _embedded_manifest(pe)
            expect(b'level="asInvoker"' in manifest, f"{name}: manifest is not asInvoker")
        return "GUI + console subsystems, version resource, asInvoker manifest"
    if sys.platform == "darwin":
        info = plistlib.loads((p.bundle / "Contents" / "Info.plist").read_bytes())
        expect(
            info["CFBundleIdentifier"] == dc.BUNDLE_ID, f"bundle id {info['CFBundleIdentifier']}"
        )
        expect(info["CFBundleShortVersionString"] == __version__, "CFBundleShortVersionString")
        expect(info["LSMinimumSystemVersion"] == dc.MACOS_MINIMUM, "LSMinimumSystemVersion")
        result = subprocess.run(
            ["codesign", "--verify", "--deep", "--strict", str(p.bundle)],
            capture_output=True,
            text=True,
        )
        expect(result.returncode == 0, f"the bundle's signature is broken: {result.stderr}")
        return f"{dc.BUNDLE_ID} {__version__}, macOS {dc.MACOS_MINIMUM}+, signature intact"
    return "Linux: nothing beyond the desktop entry"


def check_version(p: FrozenProgram) -> str:
    out = p.run("--version").stdout.strip()
    expect(out == f"mail-migration-assistant {__version__}", f"--version printed {out!r}")
    return out


def check_check(p: FrozenProgram) -> str:
    data = json.loads(p.run("check", "thunderbird", "102.2.0", "--json").stdout)
    expect(data.get("verdict") == "supported", f"check says {data}")
    expect(data.get("guide") == "thunderbird", f"check's guide is {data.get('guide')!r}")
    bad = p.run("check", "thunderbird", "102.1.0", "--json", expect_exit=1).stdout
    expect(json.loads(bad).get("verdict") == "update_required", f"102.1.0: {bad}")
    return "102.2.0 supported, 102.1.0 update_required"


def check_report(p: FrozenProgram) -> str:
    # The demo PC has accounts that must change: exit 1 = action needed.
    out = p.run("--demo", "--lang", "en", "report", "--json", expect_exit=1).stdout
    report = json.loads(out)
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    expect(report["tool_version"] == __version__, f"tool_version {report['tool_version']!r}")
    expect(len(report["apps"]) > 0 and len(report["actions"]) > 0, "the demo report is empty")
    return f"schema-valid, {len(report['apps'])} apps, {len(report['actions'])} actions"


def check_guide(p: FrozenProgram) -> str:
    for language in ("ja", "en"):
        out = p.run("--lang", language, "guide", "thunderbird", "--print").stdout.strip()
        pdf = Path(out)
        expect(pdf.is_file(), f"guide --print gave {out!r}, which does not exist")
        expect(
            pdf.resolve().is_relative_to(p.bundle.resolve()),
            f"the guide {pdf} is not inside the bundle {p.bundle}",
        )
        expect(pdf.name == f"thunderbird.{language}.pdf", f"wrong guide {pdf.name}")
        expect(pdf.read_bytes()[:5] == b"%PDF-", f"{pdf} is not a PDF")
    return "ja + en PDFs inside the bundle"


def check_backup_verify(p: FrozenProgram) -> str:
    with tempfile.TemporaryDirectory() as dest:
        out = p.run("--demo", "backup", "--dest", dest, "--json").stdout
        result = json.loads(out.strip().splitlines()[-1])
        expect(result.get("status") == "completed", f"backup: {result}")
        backup = Path(result["backup_dir"])
        expect(backup.is_dir() and (backup / "manifest.json").is_file(), f"no backup in {backup}")
        verified = p.run("verify", str(backup), "--json").stdout
        expect(bool(verified.strip()), "verify printed nothing")
        # Damage one copied file: verify must now say so (exit 1), or it proves nothing.
        copies = [f for f in backup.rglob("*") if f.is_file() and f.name != "manifest.json"]
        expect(bool(copies), f"the backup {backup} holds no files")
        victim = max(copies, key=lambda f: f.stat().st_size)
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0xFF
        victim.write_bytes(bytes(data))
        p.run("verify", str(backup), "--json", expect_exit=1)
        return f"{result['files']} files backed up and verified; a damaged copy is caught"


def check_backup_second_process(p: FrozenProgram) -> str:
    """A backup and a restore of many small files: each time the frozen program starts
    itself again as the second copying process (``--copy-helper``), and that process
    really copies (the log says it started; a fallback to one process would say it gave
    up); the restored files are the originals."""
    log = Path(p.env["MAIL_MIGRATION_ASSISTANT_LOG_DIR"]) / "assistant.log"
    before = log.read_text(encoding="utf-8") if log.exists() else ""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "Mail"
        for n in range(2500):
            folder = source / f"Mailbox {n // 250:02d}.mbox" / "Messages"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{n}.emlx").write_bytes(b"Subject: %d\n\n" % n + b"x" * (n % 900))
        dest = Path(work) / "dest"
        dest.mkdir()
        out = p.run("backup", "--source", str(source), "--dest", str(dest), "--json").stdout
        result = json.loads(out.strip().splitlines()[-1])
        expect(result.get("status") == "completed", f"backup: {result}")
        expect(result.get("files") == 2500, f"backup: {result}")
        p.run("verify", result["backup_dir"], "--json")
        restored = Path(work) / "restored"
        out = p.run("restore", result["backup_dir"], "--to", str(restored), "--json").stdout
        done = json.loads(out.strip().splitlines()[-1])
        expect(done.get("status") == "completed", f"restore: {done}")
        back = sorted(f for f in restored.rglob("*.emlx") if f.is_file())
        expect(len(back) == 2500, f"restore gave back {len(back)} of 2500 files")
        expect(
            all(
                f.read_bytes() == (source / f.relative_to(restored / "Mail")).read_bytes()
                for f in back
            ),
            "a restored file differs from its original",
        )
    said = log.read_text(encoding="utf-8")[len(before) :] if log.exists() else ""
    started = said.count("a second process copies small files")
    expect(started >= 2, f"{started} second processes for a backup and a restore: {said[-1500:]}")
    expect("copying in this one" not in said, f"the second process gave up: {said[-1500:]}")
    return "2,500 small files backed up, verified and restored, a second frozen process copying"


def check_usage_error(p: FrozenProgram) -> str:
    err = p.run("--lang", "en", "check", expect_exit=2).stderr.strip()
    expect(
        len(err.splitlines()) == 1 and bool(err), f"a usage error should be one sentence: {err!r}"
    )
    return err[:70]


def check_smoke_test(p: FrozenProgram) -> str:
    timings = json.loads(p.run("smoke-test").stdout.strip().splitlines()[-1])
    expect(timings.get("ok") is True, f"smoke-test: {timings}")
    return f"window shown after {timings['window_shown_s']} s"


def native_smoke_test(platform: str) -> Callable[[FrozenProgram], str]:
    """smoke-test on a real window system (xcb under Xvfb, windows, cocoa), not offscreen."""

    def check(p: FrozenProgram) -> str:
        saved = p.env["QT_QPA_PLATFORM"]
        p.env["QT_QPA_PLATFORM"] = platform
        try:
            return check_smoke_test(p)
        finally:
            p.env["QT_QPA_PLATFORM"] = saved

    return check


def check_stdout_failures(p: FrozenProgram) -> str:
    """Standard output closed (``>&-``) or a reader that stopped: one sentence and exit 3,
    never the report written nowhere with the exit code of a printed one."""
    if sys.platform == "win32":
        return "skipped: Windows has no `>&-`"
    import os

    closed = subprocess.run(
        [str(p.executable), "--demo", "--lang", "en", "report"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # the child's stdout only
        env=p.env,
        timeout=TIMEOUT_S,
        check=False,
    )
    said = closed.stderr.decode("utf-8")
    expect(
        (closed.returncode, said)
        == (3, "Standard output is closed, so the result could not be printed.\n"),
        f"report >&- exited {closed.returncode}: {said!r}",
    )
    read, write = os.pipe()
    os.close(read)
    try:
        broken = subprocess.run(
            [str(p.executable), "--demo", "--lang", "en", "report"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=p.env,
            timeout=TIMEOUT_S,
            check=False,
        )
    finally:
        os.close(write)
    said = broken.stderr.decode("utf-8")
    expect(
        broken.returncode == 3 and said.endswith("(Broken pipe).\n") and said.count("\n") == 1,
        f"report into a closed pipe exited {broken.returncode}: {said!r}",
    )
    return "closed stdout and a broken pipe: one sentence, exit 3"


CHECKS: list[tuple[str, Callable[[FrozenProgram], str]]] = [
    ("bundle contents", check_contents),
    ("desktop entry", check_desktop_entry),
    ("platform metadata", check_platform_metadata),
    ("--version", check_version),
    ("check thunderbird 102.2.0 --json", check_check),
    ("--demo report --json (schema)", check_report),
    ("guide thunderbird --print", check_guide),
    ("--demo backup + verify", check_backup_verify),
    ("backup and restore with a second process", check_backup_second_process),
    ("usage error", check_usage_error),
    ("stdout closed or broken", check_stdout_failures),
    ("smoke-test", check_smoke_test),
]


def locate(folder: Path | None) -> tuple[Path, Path, Path]:
    """(the program, its contents folder, the bundle) in the build."""
    if sys.platform == "darwin" and folder is None:
        app = ROOT / "dist" / f"{dc.MAC_APP_NAME}.app"
        return app / "Contents" / "MacOS" / dc.APP_NAME, app / "Contents" / "Frameworks", app
    folder = folder or ROOT / "dist" / dc.APP_NAME
    name = dc.CLI_NAME if sys.platform == "win32" else dc.APP_NAME
    return fb.program(folder, name), folder / "_internal", folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build installer.spec first")
    parser.add_argument("--folder", type=Path, help="a one-folder build (default: dist/...)")
    parser.add_argument(
        "--native",
        metavar="PLATFORM",
        help="also run smoke-test on this Qt platform: xcb (under xvfb-run), windows, cocoa",
    )
    args = parser.parse_args(argv)
    checks = list(CHECKS)
    if args.native:
        checks.append((f"smoke-test on {args.native}", native_smoke_test(args.native)))
    if args.build:
        seconds = fb.pyinstaller(ROOT / "installer.spec", ROOT / "dist", ROOT / "build" / "work")
        print(f"built in {seconds:.1f} s")
    executable, contents, bundle = locate(args.folder)
    if not executable.is_file():
        print(f"{executable}: no frozen program; run `make dist` first", file=sys.stderr)
        return 1
    failures = 0
    log_dir = Path(tempfile.mkdtemp(prefix="mma-test-dist-logs-"))
    program = FrozenProgram(executable, contents, bundle, log_dir)
    for name, check in checks:
        started = time.perf_counter()
        try:
            detail = check(program)
        except (CheckFailed, jsonschema.ValidationError, json.JSONDecodeError) as exc:
            failures += 1
            print(f"FAIL {name}: {exc}")
        except subprocess.TimeoutExpired as exc:
            failures += 1
            print(f"FAIL {name}: no answer within {exc.timeout} s")
        else:
            print(f"ok   {name} ({time.perf_counter() - started:.1f} s): {detail}")
    log = log_dir / "assistant.log"
    if failures and log.is_file():
        print(f"--- the frozen program's log ({log}):\n{log.read_text(encoding='utf-8')[-4000:]}")
    shutil.rmtree(log_dir, ignore_errors=True)
    print(f"{len(checks) - failures} of {len(checks)} checks passed on {executable}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
