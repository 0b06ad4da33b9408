"""Worker processes end with the command that started them, even when it is killed -9.

``luoshi ingest --jobs 2`` and ``luoshi batch extract --jobs 2`` run on a folder big enough
to keep their workers busy; the command is killed with SIGKILL while they work, and every
process it started (the forkserver, the resource tracker, the workers under the
forkserver) must be gone within a few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)"),
]

SAMPLE = (REPO / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt").read_text("utf-8")


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of a live process, None when it is gone or a zombie."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, ppid = raw[raw.rindex(")") + 2 :].split()[:2]
    return None if state in ("Z", "X") else (int(ppid), state)


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found is not None:
                children.setdefault(found[0], []).append(int(entry))
    out: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "--jobs", "2", "--db", "sqlite:///{tmp}/plan.db", "{tmp}/in"],
        ["batch", "extract", "--engine", "local", "--jobs", "2", "{tmp}/in", "{tmp}/out"],
    ],
    ids=["ingest", "batch-extract"],
)
def test_workers_die_with_a_killed_command(command: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(16):  # about 250 KB each: minutes of work for two workers
        (folder / f"doc-{i}.txt").write_text(f"第{i}号\n" + "\n".join([SAMPLE] * 100), "utf-8")
    args = [a.format(tmp=tmp_path) for a in command]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from luoshi.cli import main; main()", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started: set[int] = set()
        deadline = time.monotonic() + 60
        # the forkserver, the resource tracker and two workers under the forkserver
        while len(started) < 4:
            assert proc.poll() is None, "the command ended before it could be killed"
            assert time.monotonic() < deadline, f"workers did not start: {started}"
            time.sleep(0.2)
            started = _descendants(proc.pid)
        time.sleep(2)  # the workers are busy extracting
        started |= _descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while (alive := {pid for pid in started if _stat(pid) is not None}) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for pid in alive:  # leave nothing behind, whatever the result
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"still running 10 s after the kill: {sorted(alive)}"
