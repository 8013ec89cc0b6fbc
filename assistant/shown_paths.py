"""A message's paths as the diagnosed machine shows them (``C:\\Users\\…``, ``/home/u/…``),
never the host folder a snapshot sits in: for every front end that says the core's
messages (the wizard's red state, the command line's lines)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.i18n import Message


def message_as_shown(message: Message, shown: Callable[[str], str]) -> Message:
    """``message`` with each text value passed through ``shown`` (``Environment.shown_path``:
    a path under the snapshot's root is written as the machine writes it; any other text,
    a reason or a name, is kept as it is)."""
    params = {k: shown(v) if isinstance(v, str) else v for k, v in message.params.items()}
    return Message(message.key, params)
