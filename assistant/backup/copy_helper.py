"""A second process that copies small files for a backup or a restore: the same engine, in
parallel.

Each small file costs about 100 microseconds of this interpreter's time (the system calls,
and Python around them), and Python runs one thread at a time: two threads in one process
copy no faster than one (measured on 100,000 files: the same wall time, 40% more CPU).
A second process has its own interpreter, so a large backup is copied by two at once.

It is only an accelerator. The job gives it a batch of files (one folder's) and gets back,
for each file, what the engine's ``copy_small`` says (the digest read back from the copy,
or None for a file that changed). At the first file it cannot copy, or if it cannot start,
answer or stay alive, it stops there: the job copies the rest of that batch itself, and
every error is met and worded there, as without it. Cancelling ends the process at once
(the job removes its unfinished folder as always).

Protocol, one JSON line each way per batch, on the process's standard input and output:
``{"files": [[path, rel, size, mtime_ns, dest, keep_ns], ...]}`` (``keep_ns``: the time the
copy gets, null for the source's) and
``{"done": [[sha256, size, mtime_ns, changed] | null, ...]}``: one answer per file
copied, fewer than the files asked when it stopped at one.
The process says ``ready`` first; it ends when its input ends.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from assistant.backup.copy import CopiedFile, SourceOpener, Writer, open_source
from assistant.backup.scan import FileEntry

log = logging.getLogger(__name__)

FROZEN_FLAG = "--copy-helper"  # the frozen program's argument for this (build/launcher.py)
START_TIMEOUT = 20.0  # seconds for the process to say "ready"
_CHECK_CANCEL = 0.1  # seconds between looks at the cancel token while it works
# From this many files a job has a second process copy too (starting it costs about 0.1 s).
SECOND_PROCESS_FILES = 2000

# A small file handed out: what to copy, where its copy goes, and the time the copy gets
# (None: the source's; a restore gives back the time the manifest recorded).
SmallFile = tuple[FileEntry, str, int | None]


def command() -> list[str]:
    """How to start it: the frozen program with its flag, or this interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG]
    return [sys.executable, "-m", "assistant.backup.copy_helper"]


def second_process(
    files: int,
    wanted: bool | None,
    *,
    opener: SourceOpener,
    writer: Writer,
    read_back_apart: bool,
) -> CopyHelper | None:
    """The second process for a job of ``files`` files: when ``wanted`` (None: from
    SECOND_PROCESS_FILES files on), and only with the engine's own opener and writer (a
    test's stand-ins for the disk stay in this process)."""
    if wanted is None:
        wanted = files >= SECOND_PROCESS_FILES
    if not wanted or opener is not open_source or writer is not os.write:
        return None
    return CopyHelper(read_back_apart=read_back_apart)


class Unavailable(Exception):
    """The process could not start or stopped answering: copy in this process instead."""


class CopyHelper:
    """The job's side: one process, started on the first batch, ended by ``close``."""

    def __init__(self, read_back_apart: bool) -> None:
        self._read_back_apart = read_back_apart
        self._process: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._lock = threading.Lock()

    def copy(
        self, batch: Sequence[SmallFile], stopping: Callable[[], bool]
    ) -> list[CopiedFile | None]:
        """The files of ``batch`` it copied, in order: all of them, or those before the
        first it could not (the caller copies the rest). Raises Unavailable when it
        cannot be used at all."""
        with self._lock:
            process = self._started()
            files = [[e.path, e.rel, e.size, e.mtime_ns, dest, keep] for e, dest, keep in batch]
            line = json.dumps({"files": files}, ensure_ascii=True) + "\n"
            try:
                assert process.stdin is not None
                process.stdin.write(line.encode("ascii"))
                process.stdin.flush()
            except OSError as exc:
                self._give_up("could not hand it a batch", exc)
            answer = self._answer(process, stopping)
        try:
            done = json.loads(answer)["done"]
            return [None if d is None else CopiedFile(d[0], d[1], d[2], d[3]) for d in done]
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            with self._lock:
                self._give_up("answered what it should not", exc)

    def _started(self) -> subprocess.Popen[bytes]:
        if self._broken:
            raise Unavailable
        if self._process is not None:
            return self._process
        env = dict(os.environ)
        if self._read_back_apart:
            env["MAIL_MIGRATION_ASSISTANT_READ_BACK_APART"] = "1"
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flashes up
        try:
            process = subprocess.Popen(
                command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                creationflags=flags,
            )
        except OSError as exc:
            self._give_up("could not start", exc)
        self._process = process
        ready = self._answer(process, lambda: False, timeout=START_TIMEOUT)
        if ready.strip() != "ready":
            self._give_up("did not say it was ready", None)
        log.info("a second process copies small files (pid %s)", process.pid)
        return process

    def _answer(
        self,
        process: subprocess.Popen[bytes],
        stopping: Callable[[], bool],
        timeout: float | None = None,
    ) -> str:
        """One line from it; ends it when the job is cancelled meanwhile (Cancelled is then
        raised by the caller's own look at the token) or when it does not answer."""
        got: list[bytes] = []
        reader = threading.Thread(
            target=lambda: got.append(process.stdout.readline() if process.stdout else b""),
            name="copy-helper-answer",
            daemon=True,
        )
        reader.start()
        waited = 0.0
        while reader.is_alive():
            reader.join(_CHECK_CANCEL)
            waited += _CHECK_CANCEL
            stop = stopping()
            if stop or (timeout is not None and waited >= timeout):
                self._broken = True  # not used again: the job is ending, or it hangs
                self._end(kill=True)
                reader.join()
                if stop:
                    raise Unavailable
                self._give_up("did not answer in time", None)
        if not got or not got[0]:
            self._give_up("ended", None)
        return got[0].decode("ascii", "replace")

    def _give_up(self, what: str, exc: BaseException | None) -> NoReturn:
        log.warning("the second copying process %s (%s); copying in this one", what, exc)
        self._broken = True
        self._end(kill=True)
        raise Unavailable

    def _end(self, *, kill: bool) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if kill:
                process.kill()
            elif process.stdin is not None:
                process.stdin.close()  # its input ends: it ends
            process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            for stream in (process.stdin, process.stdout):
                if stream is not None and not stream.closed:
                    with contextlib.suppress(OSError):
                        stream.close()

    def close(self) -> None:
        with self._lock:
            self._end(kill=False)


def serve(source: int = 0, answers: int = 1) -> int:
    """The process's side: read batches, copy, answer; until its input ends."""
    from assistant.backup.copy import CopyEngine
    from assistant.backup.progress import CancelToken, ProgressMeter

    gc.freeze()  # what start-up made lives as long as the process: no collection walks it
    apart = os.environ.get("MAIL_MIGRATION_ASSISTANT_READ_BACK_APART") == "1"
    meter = ProgressMeter("copy", 0, 0, None, 0)
    with (
        os.fdopen(source, "rb", closefd=False) as batches,
        os.fdopen(answers, "wb", closefd=False) as out,
        CopyEngine(CancelToken(), meter, read_back_apart=apart) as engine,
    ):
        out.write(b"ready\n")
        out.flush()
        for line in batches:
            done: list[list[object] | None] = []
            for path, rel, size, mtime_ns, dest, keep in json.loads(line)["files"]:
                try:
                    copied = engine.copy_small(FileEntry(path, rel, size, mtime_ns), dest, keep)
                except Exception:  # worded by the job, which copies this file itself
                    break
                done.append(None if copied is None else list(copied))
            out.write(json.dumps({"done": done}, ensure_ascii=True).encode("ascii") + b"\n")
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve())
