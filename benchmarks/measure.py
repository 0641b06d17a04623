"""Run one command in a fresh child and report its wall time, CPU time and peak memory.

    python benchmarks/measure.py [--cwd DIR] [--timeout S] -- COMMAND...

(`measured()` runs it so from the other benchmark modules.) It prints one JSON object: {"wall": s, "cpu": s, "max_rss_kb": kB, "returncode": n, "output": tail}.
A process of its own per measurement, because `getrusage(RUSAGE_CHILDREN)` reports the largest
resident set of any child ever waited for: a fresh parent makes that the peak of this command's
process tree (its biggest process; for a generator with workers, not their sum). CPU time is
user + system of the whole tree. The wall time excludes this wrapper's own start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["RunnerError", "measured"]


class RunnerError(RuntimeError):
    """A step failed; the message says which command and shows the end of its output."""


def measured(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `command` in a fresh measuring child (this script); its wall time, CPU time and peak
    RSS. RunnerError when it cannot be measured or exits with a status other than 0."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--cwd", str(cwd)]
    wrapper += ["--timeout", str(timeout), "--", *command]
    try:
        done = subprocess.run(
            wrapper, env=env, capture_output=True, text=True, timeout=timeout + 30, check=False
        )
        result: dict[str, Any] = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        raise RunnerError(f"could not measure {' '.join(command)}: {exc}") from None
    if result["returncode"] != 0:
        raise RunnerError(
            f"{' '.join(command)} (in {cwd}) exited {result['returncode']}:\n{result['output']}"
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cwd", default=None)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to measure")
    started = time.perf_counter()
    # A session of its own, so a timeout stops the command's workers too.
    process = subprocess.Popen(
        command,
        cwd=args.cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=args.timeout)
        returncode, output = process.returncode, out.decode(errors="replace")
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        returncode = -9
        output = f"timed out after {args.timeout:.0f}s: {' '.join(command)}"
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "max_rss_kb": usage.ru_maxrss,
        "returncode": returncode,
        "output": output[-2000:],
    }
    sys.stdout.write(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
