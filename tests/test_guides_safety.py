"""Only guide PDFs in the guide folders and https URLs on allowed hosts are ever opened."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from assistant.guides.catalog import GuideKey, bundled_pdf_folder, bundled_pdf_path
from assistant.guides.safety import GuideRefused, GuideUnavailable, approve
from assistant.i18n import Translator
from assistant.organization import Organization, load_organization

PDF = bundled_pdf_path(GuideKey("thunderbird"), "en")


@pytest.fixture
def official(tmp_path: Path) -> Path:
    folder = tmp_path / "official"
    folder.mkdir()
    return folder


@pytest.fixture
def org(tmp_path: Path, official: Path) -> Organization:
    config = tmp_path / "org.toml"
    config.write_text(f'[guides]\nofficial_folder = "{official.as_posix()}"\n', encoding="utf-8")
    return load_organization(config=config)


def _refused(target: str, org: Organization, key: str) -> str:
    with pytest.raises(GuideRefused) as err:
        approve(target, org)
    assert err.value.message.key == key
    for lang in ("ja", "en"):
        sentence = Translator(lang).render(err.value.message)  # type: ignore[arg-type]
        assert "\n" not in sentence and "{" not in sentence
    return Translator("en").render(err.value.message)


def test_bundled_and_official_pdfs_pass(org: Organization, official: Path) -> None:
    assert approve(str(PDF), org).path == PDF.resolve()
    copy = official / "thunderbird.en.pdf"
    copy.write_bytes(PDF.read_bytes())
    assert approve(str(copy), org).path == copy.resolve()


def test_allowed_https_url_passes(org: Organization) -> None:
    assert approve("https://portal.office.com", org).url == "https://portal.office.com"
    assert approve("https://learn.microsoft.com/ja-jp/exchange/x?y=1", org).url


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://portal.office.com", "guide.refused.scheme"),
        ("file:///etc/passwd", "guide.refused.scheme"),
        ("javascript:alert(1)", "guide.refused.scheme"),
        ("smb://server/share/guide.pdf", "guide.refused.scheme"),
        ("ms-settings:privacy", "guide.refused.scheme"),
        ("https://evil.example.com/portal.office.com", "guide.refused.host"),
        ("https://portal.office.com.evil.example/", "guide.refused.host"),
        ("https://user@portal.office.com/", "guide.refused.bad_url"),
        ("https://portal.office.com:8443/", "guide.refused.bad_url"),
        ("https://portal.office.com:notaport/", "guide.refused.bad_url"),
        ("https://portal.office.com\tx@evil.example/", "guide.refused.bad_url"),
        ("https://portal.office.com\\@evil.example/", "guide.refused.bad_url"),
    ],
)
def test_urls_refused(org: Organization, url: str, key: str) -> None:
    assert url in _refused(url, org, key)


def test_path_outside_the_guide_folders_is_refused(org: Organization, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(PDF.read_bytes())
    assert "outside the guides folders" in _refused(str(elsewhere), org, "guide.refused.outside")


def test_dotdot_is_refused_even_when_it_lands_inside(org: Organization) -> None:
    sneaky = bundled_pdf_folder() / ".." / "pdf" / PDF.name
    _refused(str(sneaky), org, "guide.refused.parent")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlinks_are_resolved(org: Organization, official: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(PDF.read_bytes())
    (official / "escape.pdf").symlink_to(outside)
    _refused(str(official / "escape.pdf"), org, "guide.refused.outside")
    program = official / "tool.exe"
    program.write_bytes(b"MZ\x90\x00")
    (official / "guide.pdf").symlink_to(program)
    _refused(str(official / "guide.pdf"), org, "guide.refused.not_pdf")
    (official / "bundled.pdf").symlink_to(PDF)  # into the bundled folder: fine
    assert approve(str(official / "bundled.pdf"), org).path == PDF.resolve()


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("setup.exe", b"MZ\x90\x00", "guide.refused.not_pdf"),
        ("run.sh", b"#!/bin/sh\n", "guide.refused.not_pdf"),
        ("guide.pdf.lnk", b"L\x00\x00\x00", "guide.refused.not_pdf"),
        ("renamed.pdf", b"MZ\x90\x00\x03 program", "guide.refused.executable"),
        ("script.pdf", b"#!/bin/sh\nrm -rf ~\n", "guide.refused.executable"),
        ("elf.pdf", b"\x7fELF\x02\x01\x01", "guide.refused.executable"),
    ],
)
def test_non_pdfs_and_programs_are_refused(
    org: Organization, official: Path, name: str, content: bytes, key: str
) -> None:
    path = official / name
    path.write_bytes(content)
    if name.endswith(".sh"):
        os.chmod(path, 0o755)
    _refused(str(path), org, key)


def test_folder_named_pdf_is_refused(org: Organization, official: Path) -> None:
    (official / "folder.pdf").mkdir()
    _refused(str(official / "folder.pdf"), org, "guide.refused.not_pdf")


def test_alternate_data_stream_name_is_refused(org: Organization, official: Path) -> None:
    _refused(str(official / "guide.pdf:payload.exe"), org, "guide.refused.not_pdf")


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "guide.error.broken"),
        (b"%PDF-1.7\n1 0 obj\n<<", "guide.error.broken"),  # cut off: no %%EOF
        (b"<html>Login</html>", "guide.error.broken"),
    ],
)
def test_broken_pdf_is_a_clear_message_with_owa(
    org: Organization, official: Path, content: bytes, key: str
) -> None:
    path = official / "thunderbird.ja.pdf"
    path.write_bytes(content)
    with pytest.raises(GuideUnavailable) as err:
        approve(str(path), org)
    assert err.value.message.key == key
    sentence = Translator("ja").render(err.value.message)
    assert str(path) in sentence and "https://portal.office.com" in sentence


def test_missing_pdf_is_a_clear_message_with_owa(org: Organization, official: Path) -> None:
    with pytest.raises(GuideUnavailable) as err:
        approve(str(official / "nothing.pdf"), org)
    assert err.value.message.key == "guide.error.missing"
    assert "https://portal.office.com" in Translator("en").render(err.value.message)


def test_windows_drive_path_is_a_path_not_a_scheme(org: Organization) -> None:
    with pytest.raises((GuideRefused, GuideUnavailable)) as err:
        approve(r"C:\Users\x\guide.pdf", org)
    assert not err.value.message.key.startswith("guide.refused.scheme")
