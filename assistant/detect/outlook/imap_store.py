"""Which data file holds an Outlook IMAP account's mail, calendar and contacts.

Since Outlook 2013 an IMAP account keeps everything in an ``.ost``, named after its
address (``taro@example.com.ost``, ``taro@example.com - 2.ost``). The mail is a copy of
the server's, but the calendar, contacts and tasks in it are "this computer only": the
server has no copy, and removing the account deletes the file with them. So before an
IMAP account is removed they must be exported to a ``.pst``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PureWindowsPath

from assistant.detect.facts import DataStore, MailAccount

APP_ID = "outlook-windows"


def imap_data_file(account: MailAccount, stores: Iterable[DataStore]) -> DataStore | None:
    """The ``.ost`` of an Outlook IMAP account: in its mail profile, named after its
    address; or the only ``.ost`` of a profile that has no Exchange account."""
    if account.app != APP_ID or account.protocol != "imap":
        return None
    candidates = [s for s in stores if s.app == APP_ID and s.kind == "ost"]
    candidates = [s for s in candidates if s.profile == account.profile]
    email = (account.email or "").casefold()
    for store in candidates:
        stem = PureWindowsPath(store.path).stem.casefold()
        if email and (stem == email or stem.startswith(email + " - ")):
            return store
    return None
