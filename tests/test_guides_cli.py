"""``guide ID [--rules] [--print]`` end to end, opening through Qt's QDesktopServices."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guides.catalog import GuideKey, bundled_pdf_path


def test_print_gives_the_path_in_the_chosen_language(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("guide", "outlook-365", "--rules", "--print", "--lang", "ja")
    assert (code, err) == (0, "")
    assert Path(out.strip()) == bundled_pdf_path(GuideKey("outlook-365", True), "ja").resolve()
    code, out, _ = run_cli("--lang", "en", "guide", "troubleshooting", "--print")
    assert code == 0 and out.strip().endswith("troubleshooting.en.pdf")


def test_unknown_guide_and_rules_without_variant_are_usage_errors(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("guide", "../../etc/passwd", "--print", "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "outlook-365" in err and "Traceback" not in err
    code, _, err = run_cli("guide", "thunderbird", "--rules", "--lang", "ja")
    assert code == 2 and "--rules" in err


def test_official_folder_from_config_is_printed(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    official = tmp_path / "official"
    official.mkdir()
    pdf = official / "apple-mail.en.pdf"
    pdf.write_bytes(bundled_pdf_path(GuideKey("apple-mail"), "en").read_bytes())
    config = tmp_path / "org.toml"
    config.write_text(f'[guides]\nofficial_folder = "{official.as_posix()}"\n', encoding="utf-8")
    code, out, err = run_cli(
        "guide", "apple-mail", "--print", "--lang", "en", "--config", str(config)
    )
    assert (code, err) == (0, "")
    assert Path(out.strip()) == pdf.resolve()

    pdf.write_bytes(b"MZ program")
    code, out, err = run_cli(
        "guide", "apple-mail", "--print", "--lang", "en", "--config", str(config)
    )
    assert code == 0 and out.strip().endswith("resources/guides/pdf/apple-mail.en.pdf")
    assert "program" in err and "bundled guide" in err


@pytest.mark.gui
def test_guide_opens_through_qdesktopservices(run_cli, qapp) -> None:  # type: ignore[no-untyped-def]
    viewer = _Recorder("file")
    try:
        code, out, err = run_cli("guide", "thunderbird", "--lang", "ja")
    finally:
        viewer.close()
    assert (code, err) == (0, "")
    assert len(viewer.handler.opened) == 1
    expected = bundled_pdf_path(GuideKey("thunderbird"), "ja").resolve()
    assert Path(viewer.handler.opened[0].toLocalFile()) == expected
    assert "Thunderbirdの設定変更方法" in out


@pytest.mark.gui
@pytest.mark.qt_log_ignore("does not support QPlatformServices")
def test_no_viewer_is_one_sentence_with_the_path_and_owa(run_cli, qapp) -> None:  # type: ignore[no-untyped-def]
    # The offscreen platform has no desktop services: openUrl() reports failure.
    code, out, err = run_cli("guide", "apple-mail", "--lang", "en")
    assert code == 1 and out == ""
    assert "apple-mail.en.pdf" in err and "https://portal.office.com" in err
    assert err.count("\n") == 1


@pytest.mark.gui
def test_open_target_accepts_only_approved_targets(qapp) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui.open_guide import open_target

    with pytest.raises(TypeError):
        open_target("/etc/passwd")  # type: ignore[arg-type]


class _Recorder:
    """A real QDesktopServices URL handler that records what Qt hands over."""

    def __init__(self, scheme: str) -> None:
        from PySide6.QtCore import QObject, QUrl, Slot
        from PySide6.QtGui import QDesktopServices

        class Handler(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.opened: list[QUrl] = []

            @Slot(QUrl)
            def show(self, url: QUrl) -> None:
                self.opened.append(url)

        self.scheme = scheme
        self.handler = Handler()
        QDesktopServices.setUrlHandler(scheme, self.handler, "show")

    def close(self) -> None:
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.unsetUrlHandler(self.scheme)


@pytest.mark.gui
def test_wizard_helpers_open_guide_and_portal(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui.open_guide import open_guide, open_portal
    from assistant.organization import load_organization

    org = load_organization()
    files, web = _Recorder("file"), _Recorder("https")
    try:
        assert open_guide(GuideKey("outlook-2016", rules=True), "en", org) is None
        assert open_portal(org) is None
    finally:
        files.close()
        web.close()
    assert [u.toLocalFile() for u in files.handler.opened] == [
        str(bundled_pdf_path(GuideKey("outlook-2016", True), "en").resolve())
    ]
    assert [u.toString() for u in web.handler.opened] == ["https://portal.office.com"]

    config = tmp_path / "org.toml"
    config.write_text('[web]\nportal_url = "http://portal.office.com"\n', encoding="utf-8")
    refused = open_portal(load_organization(config=config))
    assert refused is not None and refused.key == "guide.refused.scheme"


@pytest.mark.gui
def test_qt_must_read_an_approved_url_the_same_way(qapp) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui.open_guide import open_target
    from assistant.guides.safety import ApprovedTarget

    web = _Recorder("https")
    try:
        # Not produced by approve_url, but if a parser disagreement ever let such a
        # string through, Qt's reading of it is checked again before opening.
        assert not open_target(ApprovedTarget(url="https://portal.office.com\tx@evil.example/"))
        assert open_target(ApprovedTarget(url="https://portal.office.com/owa"))
    finally:
        web.close()
    assert [u.host() for u in web.handler.opened] == ["portal.office.com"]
