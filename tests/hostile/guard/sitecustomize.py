"""The network and process guard of the hostile tests, for every Python process they start.

With HOKO_GUARD_LOG set, `install()` makes socket connects and name lookups fail, and records
every subprocess (and whether it asked for a shell) in that file. Python children get this folder
on their PYTHONPATH, so Python imports this module at their start (as `sitecustomize`) and they are
guarded too, whatever they run in turn.
"""

from __future__ import annotations

import os
import socket
import subprocess
from typing import Any

GUARD_DIR = os.path.dirname(os.path.abspath(__file__))


def note(line: str) -> None:
    with open(os.environ["HOKO_GUARD_LOG"], "a", encoding="utf-8") as log:
        log.write(line.replace("\n", " ") + "\n")


def refuse(*args: object, **kwargs: object) -> Any:
    note(f"network {args!r}")
    raise OSError("network access refused by the hostile tests")


class RecordedPopen(subprocess.Popen):  # type: ignore[type-arg]
    """subprocess.Popen that notes each command and passes the guard on to Python children."""

    def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
        note(f"process shell={bool(kwargs.get('shell'))} {args!r}")
        env = dict(kwargs.get("env") or os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (GUARD_DIR, env.get("PYTHONPATH")) if p)
        env["HOKO_GUARD_LOG"] = os.environ["HOKO_GUARD_LOG"]
        kwargs["env"] = env
        super().__init__(args, *rest, **kwargs)


PATCHES: list[tuple[object, str, object]] = [
    (socket.socket, "connect", refuse),
    (socket.socket, "connect_ex", refuse),
    (socket, "create_connection", refuse),
    (socket, "getaddrinfo", refuse),
    (subprocess, "Popen", RecordedPopen),
    (os, "system", refuse),
    (os, "popen", refuse),
]


def install() -> None:
    for owner, name, value in PATCHES:
        setattr(owner, name, value)


if os.environ.get("HOKO_GUARD_LOG"):
    install()
