"""Buffers compared with the interpreter let go: the answer is memcmp's, on bytes and on a
private mapping of a file."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

from assistant.backup.same_bytes import same_bytes


def test_equal_and_unequal_buffers() -> None:
    data = bytearray(os.urandom(1 << 20))
    assert same_bytes(data, bytearray(data))
    other = bytearray(data)
    other[-1] ^= 1  # the very last byte
    assert not same_bytes(data, other)
    assert not same_bytes(data, data[:-1])
    assert same_bytes(bytearray(), bytearray())
    assert same_bytes(memoryview(data)[10:20], memoryview(bytearray(data))[10:20])


def test_a_private_mapping_compares_and_closes_after(tmp_path: Path) -> None:
    data = bytearray(os.urandom(3 * 4096 + 5))
    path = tmp_path / "copy"
    path.write_bytes(data)
    original = bytes(data)
    fd = os.open(path, os.O_RDWR)
    try:
        view = mmap.mmap(fd, len(data), access=mmap.ACCESS_COPY)
        assert same_bytes(data, view)
        data[4096] ^= 0xFF
        assert not same_bytes(data, view)
        view.close()  # nothing of the compare still holds it
    finally:
        os.close(fd)
    assert path.read_bytes() == original  # the compare wrote nothing to the file
