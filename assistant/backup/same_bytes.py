"""Two buffers compared byte for byte without holding the interpreter.

``bytearray == buffer`` is one ``memcmp``, but it holds the GIL for all of it: on a chunk
of a freshly copied file (8 MiB, its pages mapped and faulted in during the compare) that
is milliseconds during which the copying thread, back from the kernel, cannot go on.
libc's ``memcmp`` called through ctypes runs with the GIL released.

ctypes takes the address of a writable buffer only: a mapping compared here is made
with ``ACCESS_COPY`` (private; never written, so it shares the page cache's pages).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

Buffer = Any  # bytearray or a writable mmap (typing.Buffer is Python 3.12's)


@functools.cache
def _memcmp() -> Callable[[Any, Any, int], int] | None:
    import ctypes

    try:
        libc = ctypes.cdll.msvcrt if sys.platform == "win32" else ctypes.CDLL(None)
        call = libc.memcmp
    except (OSError, AttributeError):
        return None
    call.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    call.restype = ctypes.c_int
    return call


def same_bytes(data: Buffer, other: Buffer) -> bool:
    """``data`` and ``other`` (writable buffers) hold the same bytes."""
    size = len(data)
    if size != len(other):
        return False
    memcmp = _memcmp()
    if memcmp is None or size == 0:  # (no libc found: a copy each, but the same answer)
        return bytes(data) == bytes(other)
    import ctypes

    left = (ctypes.c_char * size).from_buffer(data)
    right = (ctypes.c_char * size).from_buffer(other)
    try:
        return memcmp(left, right, size) == 0
    finally:
        del left, right  # exported: the mapping could not be closed while they live
