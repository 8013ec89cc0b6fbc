"""The start's value classes behave as the dataclasses they replaced (``records.py``)."""

from __future__ import annotations

import copy
import pickle

import pytest

from assistant.app_context import MachineChoice
from assistant.i18n import Message
from assistant.journey import Journey, Step


def test_a_message_is_an_immutable_value() -> None:
    message = Message("error.file_not_found", {"path": "/x"})
    assert message == Message("error.file_not_found", {"path": "/x"})
    assert message != Message("error.file_not_found", {"path": "/y"})
    assert message != Message("error.not_a_folder", {"path": "/x"})
    assert Message("k") == Message("k", {}) and Message("k").params == {}
    assert repr(message) == "Message(key='error.file_not_found', params={'path': '/x'})"
    with pytest.raises(AttributeError):
        message.key = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del message.params  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(message)  # its parameters are a dict, as with the frozen dataclass
    assert copy.copy(message) == message and pickle.loads(pickle.dumps(message)) == message
    assert (message == ("error.file_not_found", {"path": "/x"})) is False


def test_a_machine_choice_is_hashable_and_immutable() -> None:
    choice = MachineChoice(root="/snap", platform="linux", registry=("a.reg",))
    assert choice == MachineChoice(root="/snap", platform="linux", registry=("a.reg",))
    assert {choice: 1}[MachineChoice(root="/snap", platform="linux", registry=("a.reg",))] == 1
    assert choice != MachineChoice(demo=True)
    assert repr(MachineChoice(demo=True)) == (
        "MachineChoice(demo=True, root=None, platform=None, home=None, registry=(), config=None)"
    )
    with pytest.raises(AttributeError):
        choice.demo = True  # type: ignore[misc]
    assert copy.deepcopy(choice) == choice


def test_each_journey_starts_with_its_own_lists() -> None:
    first, second = Journey(), Journey()
    first.history.append(Step.WELCOME)
    first.backups.append(object())  # type: ignore[arg-type]
    assert second.history == [] and second.backups == [] and second.switches == []
    assert first != second and Journey() == Journey()
    with pytest.raises(TypeError):
        hash(first)  # mutable: no hash
    assert repr(Journey()).startswith("Journey(current=<Step.WELCOME: 'welcome'>, history=[],")
