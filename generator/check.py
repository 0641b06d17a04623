"""`hoko-codegen check`: regenerate in memory and compare with what is committed; write nothing.

When the inputs hash as recorded in the package's `_source.py` and every output still hashes as
recorded, nothing can be stale and the check returns without building (`generator.fingerprint`).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from generator.fingerprint import is_current, owned_files
from generator.pipeline import Options, build, display_path

__all__ = ["check", "stale_files"]

_DIFF_LINES = 40


def stale_files(options: Options) -> dict[str, tuple[str | None, str | None]]:
    """Paths whose committed text differs from what the docs give now: path -> (committed, fresh)."""
    from generator.writer import scratch_dir

    built = build(options, scratch_dir(options.out))
    expected: dict[Path, str] = {options.out / name: text for name, text in built.files.items()}
    if built.spec_text is not None:
        expected[options.spec] = built.spec_text
    actual = set(owned_files(options.out))
    stale: dict[str, tuple[str | None, str | None]] = {}
    for path in sorted(set(expected) | actual):
        fresh = expected.get(path)
        committed = _read(path)
        if committed != fresh:
            stale[display_path(path)] = (committed, fresh)
    return stale


def check(options: Options) -> int:
    if is_current(options):
        print("hoko-codegen: spec and package are up to date")
        return 0
    stale = stale_files(options)
    if not stale:
        print("hoko-codegen: spec and package are up to date")
        return 0
    for path, (committed, fresh) in stale.items():
        if committed is None:
            print(f"{path}: missing (the docs produce it)")
        elif fresh is None:
            print(f"{path}: not produced by the docs any more")
        else:
            diff = list(
                difflib.unified_diff(
                    committed.splitlines(),
                    fresh.splitlines(),
                    f"{path} (committed)",
                    f"{path} (from docs)",
                    lineterm="",
                )
            )
            print("\n".join(diff[:_DIFF_LINES]) + ("\n..." if len(diff) > _DIFF_LINES else ""))
    print(
        f"hoko-codegen: {len(stale)} file(s) are stale; run 'hoko-codegen generate' and commit",
        file=sys.stderr,
    )
    return 1


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except UnicodeDecodeError:
        return "<not UTF-8>"
