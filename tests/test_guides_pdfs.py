"""The committed PDFs: one per guide and language, carrying their key facts, with the
fonts embedded, and built from the current sources (poppler's pdftotext/pdffonts)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.guides.catalog import all_guides, bundled_pdf_folder, bundled_pdf_path
from assistant.guides.manifest import files_digest, stale_guides
from assistant.guides.selection import resolve_guide
from assistant.i18n import LANGUAGES, Language, Translator
from assistant.organization import load_organization

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = [ROOT / "build" / "guide_pdf.py", ROOT / "build" / "build_guides.py"]
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdffonts) not installed"
)

COMMON = ["0568-51-4371", "5812"]
FACTS: dict[str, dict[Language, list[str]]] = {
    "outlook-365": {
        "ja": [
            "Outlook 2019",
            "プロファイルの管理",
            "Mail (Microsoft Outlook)",
            "Exchange",
            ".pst",
            "常に使用するプロファイル",
            "同期",
        ],
        "en": [
            "Outlook 2019",
            "Manage Profiles",
            "Mail (Microsoft Outlook)",
            "Exchange",
            ".pst",
            "Always use this profile",
            "in sync",
        ],
    },
    "outlook-365-rules": {
        "ja": [
            "仕分けルールと通知の管理",
            "仕分けルールのエクスポート",
            "仕分けルールのインポート",
            ".rwz",
            "プロファイルの管理",
        ],
        "en": ["Manage Rules & Alerts", "Export Rules", "Import Rules", ".rwz", "Manage Profiles"],
    },
    "outlook-2016": {
        "ja": ["Outlook 2016", "Mail (Microsoft Outlook 2016)", "プロファイルの管理", "Exchange"],
        "en": ["Outlook 2016", "Mail (Microsoft Outlook 2016)", "Manage Profiles", "Exchange"],
    },
    "outlook-2016-rules": {
        "ja": ["Outlook 2016", "仕分けルールのエクスポート", "仕分けルールのインポート", ".rwz"],
        "en": ["Outlook 2016", "Export Rules", "Import Rules", ".rwz"],
    },
    "thunderbird": {
        "ja": [
            "78.3.1",
            "91.12.0",
            "102.2.0",
            "OAuth2",
            "Thunderbird について",
            "認証方式",
            "送信 (SMTP) サーバー",
            "サーバー設定",
            "outlook.office365.com",
            "smtp.office365.com",
        ],
        "en": [
            "78.3.1",
            "91.12.0",
            "102.2.0",
            "OAuth2",
            "About Thunderbird",
            "Authentication method",
            "Outgoing Server (SMTP)",
            "Server Settings",
            "outlook.office365.com",
            "smtp.office365.com",
        ],
    },
    "apple-mail": {
        "ja": [
            "10.14",
            "メールボックスを書き出す",
            "Microsoft Exchange",
            "インターネットアカウント",
            "ダウンロード済みのメールも削除されます",
        ],
        "en": [
            "10.14",
            "Export Mailbox",
            "Microsoft Exchange",
            "Internet Accounts",
            "deletes the mail it downloaded",
        ],
    },
    "office365-signin": {
        "ja": ["https://portal.office.com", "サインイン", "サインアウト"],
        "en": ["https://portal.office.com", "Sign in", "Sign out"],
    },
    "troubleshooting": {
        "ja": [
            "電子メールサーバーがログインを拒否しました",
            "Gmail",
            "別のアドレスやエイリアス",
            "Outlook for Mac",
            "https://portal.office.com",
            "月～金曜 9:00～17:00",
        ],
        "en": [
            "The email server rejected the login",
            "Gmail",
            "Send mail as",
            "Outlook for Mac",
            "https://portal.office.com",
            "Mon–Fri 9:00–17:00",
        ],
    },
}


def _squash(text: str) -> str:
    """pdftotext wraps lines where the layout did: compare without any white space."""
    return re.sub(r"\s+", "", text)


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_facts_cover_every_guide() -> None:
    assert sorted(FACTS) == sorted(k.stem for k in all_guides())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", all_guides(), ids=lambda k: k.stem)
def test_every_guide_resolves_to_its_bundled_pdf(key, language) -> None:  # type: ignore[no-untyped-def]
    guide = resolve_guide(key, language, load_organization())
    assert guide.origin == "bundled"
    assert guide.target.path == bundled_pdf_path(key, language).resolve()
    assert guide.target.path.read_bytes().startswith(b"%PDF-")


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", all_guides(), ids=lambda k: k.stem)
def test_pdf_text_carries_the_key_facts(key, language) -> None:  # type: ignore[no-untyped-def]
    text = _squash(_pdftotext(bundled_pdf_path(key, language)))
    title = Translator(language)(f"guide.title.{key.stem}")
    for fact in [title, *COMMON, *FACTS[key.stem][language]]:
        assert _squash(fact) in text, f"{key.pdf_name(language)} lacks {fact!r}"
    if language == "en":  # no Japanese left in an English guide
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", all_guides(), ids=lambda k: k.stem)
def test_pdf_fonts_are_embedded_subsets_and_pages_few(key, language) -> None:  # type: ignore[no-untyped-def]
    path = bundled_pdf_path(key, language)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        fields = row.split()
        emb, sub = fields[-5], fields[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert "+NotoSansCJKJP" in fields[0]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    assert 1 <= pages <= 3
    assert path.stat().st_size < 150_000


def test_no_pdf_is_older_than_its_source() -> None:
    stale = stale_guides(load_organization(), files_digest(LAYOUT))
    assert not stale, f"run `make guides`: {stale}"


def test_staleness_is_noticed(tmp_path: Path) -> None:
    """A changed source hash, a missing PDF, changed layout code, another organisation."""
    folder = tmp_path / "pdf"
    shutil.copytree(bundled_pdf_folder(), folder)
    org, layout = load_organization(), files_digest(LAYOUT)
    assert stale_guides(org, layout, folder) == []
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["guides"]["thunderbird.ja.pdf"]["source_sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (folder / "apple-mail.en.pdf").unlink()
    found = {(s.pdf, s.reason) for s in stale_guides(org, layout, folder)}
    assert found == {("thunderbird.ja.pdf", "source changed"), ("apple-mail.en.pdf", "missing")}
    assert len(stale_guides(org, "another layout", folder)) == 2 * len(all_guides())

    other = tmp_path / "org.toml"
    other.write_text('[helpdesk]\nphone = "03-0000-0000"\n', encoding="utf-8")
    rebranded = load_organization(config=other)
    assert len(stale_guides(rebranded, None)) == 2 * len(all_guides())
