from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.environment import Environment
from assistant.errors import DataFileError
from assistant.organization import load_organization
from tests.conftest import write


def test_bundled_profile_carries_every_fact_of_the_notice() -> None:
    org = load_organization()
    assert org.mail_domains == ("isc.chubu.ac.jp",)
    assert org.exchange_online_hosts == ("outlook.office365.com", "smtp.office365.com")
    assert org.basic_auth_end == dt.date(2022, 10, 1)
    assert org.change_deadline == dt.date(2022, 9, 30)
    assert org.portal_url == "https://portal.office.com"
    assert org.helpdesk.phone == "0568-51-4371"
    assert org.helpdesk.extension == "5812"
    assert "9:00" in org.helpdesk.hours_ja and "17:00" in org.helpdesk.hours_en
    assert org.service_name_ja == "@ISCメール"
    assert org.refusal_message_ja == "電子メールサーバーがログインを拒否しました"
    assert org.is_exchange_online_host("Outlook.Office365.com.")
    assert not org.is_exchange_online_host("imap.gmail.com")
    assert org.is_our_address("taro@ISC.chubu.ac.jp")


def test_policy_file_then_config_override(tmp_path: Path) -> None:
    root = tmp_path / "root"
    env = Environment.snapshot("linux", root, root / "home" / "u")
    write(
        root / "etc/mail-migration-assistant/organization.toml",
        '[helpdesk]\nphone = "052-000-0000"\nextension = "1"\n',
    )
    config = write(tmp_path / "mine.toml", '[helpdesk]\nextension = "99"\n')
    org = load_organization(env)
    assert (org.helpdesk.phone, org.helpdesk.extension) == ("052-000-0000", "1")
    org = load_organization(env, config)
    assert (org.helpdesk.phone, org.helpdesk.extension) == ("052-000-0000", "99")
    assert org.sources[-1] == config


def test_windows_policy_file_is_under_programdata(tmp_path: Path) -> None:
    env = Environment.snapshot("windows", tmp_path, tmp_path / "Users" / "u")
    write(
        tmp_path / "ProgramData/MailMigrationAssistant/organization.toml",
        '[service]\nexchange_online_hosts = ["mail.example.ac.jp"]\n',
    )
    assert load_organization(env).exchange_online_hosts == ("mail.example.ac.jp",)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[helpdesk]\nphone = 5812\n", "helpdesk.phone"),
        ('[helpdesk]\nphnoe = "1"\n', "helpdesk.phnoe"),
        ('[service]\nbasic_auth_end = "2022-10-01"\n', "service.basic_auth_end"),
        ('[service]\nexchange_online_hosts = ["ok", 3]\n', "service.exchange_online_hosts"),
        ("[nonsense]\n", "nonsense"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    config = write(tmp_path / "bad.toml", text)
    with pytest.raises(DataFileError) as info:
        load_organization(None, config)
    assert info.value.message.params["file"] == str(config)
    assert info.value.message.params["key"] == key


def test_broken_toml_is_one_sentence_in_both_languages(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    config = write(tmp_path / "bad.toml", "[helpdesk\n")
    code, out, err = run_cli("report", "--config", str(config), "--lang", "ja")
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1 and str(config) in err and "Traceback" not in err
    code, _, err = run_cli("report", "--config", str(tmp_path / "missing.toml"), "--lang", "en")
    assert code == 3
    assert err == f"The data file {tmp_path / 'missing.toml'} is missing.\n"
