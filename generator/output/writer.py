"""The only stage that touches the user's output: swap in the new spec and package atomically.

A run assembles everything in a staging folder beside the package folder, marks it complete
(`COMMITTED`), then renames: the old package out, the new package in, the new spec over the old.
Before the mark, the staged package is imported in a fresh interpreter (generator.output.gate):
a package that does not import never replaces one that does.

A run killed before the mark leaves the old output as it was; one killed after it is finished by
the next run (`recover`), which every command does first. Either way the outputs end up all old or
all new, never half of each, and nothing is ever deleted before its replacement is in place.
`recover` also removes what a killed run leaves behind: an unmarked staging folder and the scratch
folder the formatter works in. Commands hold a lock on the output's parent folder (`session`), so
one run never cleans up after another that is still going.

The steps are named (`STEPS`). The tests stop the process at each in turn: HOKO_CODEGEN_KILL_AT
set to a step's name makes the process kill itself with SIGKILL just after that step, as a power
cut would; nothing else sets it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from generator.diagnostics import GeneratorError, Location
from generator.output.gate import Gate, ImportFailed, module_names

__all__ = [
    "STEPS",
    "recover",
    "replace_file",
    "safe_relative",
    "scratch_dir",
    "session",
    "staging_dir",
    "write_outputs",
]

_MARK = "COMMITTED"
STEPS = (
    "staged",
    "imported",
    "marked",
    "old-moved",
    "package-moved",
    "spec-moved",
    "unmarked",
)
"""The writer's steps, in order: files staged, staged package imported, staging marked complete,
old package moved aside, new package moved in, new spec moved in, mark dropped."""
_KILL_AT = "HOKO_CODEGEN_KILL_AT"


def _done(step: str) -> None:
    """The test harness's crash point: kill this process right after `step` if asked to."""
    if os.environ.get(_KILL_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def staging_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".hoko-codegen-staging-{out_dir.name}"


def scratch_dir(out_dir: Path) -> Path:
    """Where a run keeps temporary files (the formatter's), so the next run can clear them."""
    return out_dir.parent / f".hoko-codegen-scratch-{out_dir.name}"


@contextlib.contextmanager
def session(out_dir: Path) -> Iterator[None]:
    """Hold the lock on `out_dir`'s parent folder, finish or drop an interrupted run, then yield.

    The lock is released by the OS when the process ends, however it ends."""
    handle = _lock(out_dir.parent)
    try:
        recover(out_dir)
        yield
    finally:
        if handle is not None:
            os.close(handle)


def replace_file(path: Path, text: str) -> None:
    """Write one file beside the outputs (`--report`, `--html`) in one step: a reader sees the
    old text or the new, never a part of it."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def safe_relative(path: str) -> PurePosixPath:
    """`path` as a relative path that stays inside its folder, or ValueError."""
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or "\\" in path or any(p in ("..", "") for p in pure.parts):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    if any(part.startswith(".") for part in pure.parts):
        raise ValueError(f"refusing to write a hidden file: {path!r}")
    return pure


def write_outputs(
    spec_path: Path | None,
    spec_text: str | None,
    out_dir: Path,
    files: Mapping[str, str],
    *,
    check_import: bool = True,
    gate: Gate | None = None,
) -> int:
    """Replace `out_dir` with exactly `files` and `spec_path` with `spec_text`; files written.

    `gate`: the interpreter that imports the staged package, started early by the caller (one is
    started here if None). `check_import=False` skips the import gate: only for a package whose
    exact files passed it before (the pipeline remembers which did)."""
    recover(out_dir)
    staging = staging_dir(out_dir)
    shutil.rmtree(staging, ignore_errors=True)
    package = staging / "package"
    package.mkdir(parents=True)
    written: list[Path] = []
    current_dir = out_dir.resolve()
    try:
        for name, text in sorted(files.items()):
            relative = safe_relative(name)
            target = package / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            # A file the package already holds as is is linked, not written again: the swap
            # below replaces the folder either way, and an unchanged file needs no flushing.
            if not _linked_unchanged(current_dir, relative, target, data):
                target.write_bytes(data)
                written.append(target)
        if spec_path is not None and spec_text is not None:
            (staging / "spec").write_bytes(spec_text.encode("utf-8"))
            (staging / "spec-target").write_text(str(spec_path.resolve()), encoding="utf-8")
        extra = [staging / "spec", staging / "spec-target"]
        _sync_paths([*written, *(p for p in extra if p.exists())])
        _sync_folders(staging)
        _done("staged")
        if check_import:
            with gate or Gate() as importer:
                importer.check(package, module_names(files))
        _done("imported")
    except ImportFailed as failed:
        shutil.rmtree(staging, ignore_errors=True)
        raise GeneratorError.at(
            Location(out_dir.as_posix()),
            f"the generated package does not import ({failed}); nothing was written, the previous output is kept",
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    (staging / _MARK).write_bytes(b"")
    _sync_paths([staging / _MARK, staging])
    _done("marked")
    recover(out_dir)
    return len(files) + (spec_text is not None)


def recover(out_dir: Path) -> None:
    """Finish a committed run that was interrupted, or throw away an uncommitted one."""
    shutil.rmtree(scratch_dir(out_dir), ignore_errors=True)
    staging = staging_dir(out_dir)
    if not staging.exists():
        return
    if not (staging / _MARK).exists():
        shutil.rmtree(staging, ignore_errors=True)
        return
    package, old = staging / "package", staging / "old"
    if package.exists():
        if out_dir.exists() and not old.exists():
            os.rename(out_dir, old)
            _done("old-moved")
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rename(package, out_dir)
        _done("package-moved")
    spec = staging / "spec"
    if spec.exists():
        target = Path((staging / "spec-target").read_text(encoding="utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(spec, target)
        _done("spec-moved")
    # Only now is the old output unreachable: dropping it is the last step.
    (staging / _MARK).unlink()
    _done("unmarked")
    shutil.rmtree(staging, ignore_errors=True)


def _linked_unchanged(out_dir: Path, relative: PurePosixPath, target: Path, data: bytes) -> bool:
    """Link `target` to the file at `relative` in `out_dir` (a resolved path) if that holds
    exactly `data` and is inside `out_dir` (no symlink on the way); False if not, or if the file
    system cannot link."""
    current = out_dir / relative
    try:
        if not current.is_file() or current.stat().st_size != len(data):
            return False
        if current.resolve() != current:
            return False
        if current.read_bytes() != data:
            return False
        os.link(current, target)
    except OSError:
        return False
    return True


def _sync_folders(root: Path) -> None:
    """Flush the folders under `root` (their entries), where the platform can."""
    _sync_paths([Path(folder) for folder, _dirs, _names in os.walk(root)])


def _sync_paths(paths: list[Path]) -> None:
    """Flush each file or folder (a folder only where the platform can: not on Windows)."""
    for path in paths:
        try:
            handle = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            with contextlib.suppress(OSError):
                os.fsync(handle)
        finally:
            os.close(handle)


def _lock(folder: Path) -> int | None:
    """An exclusive lock on `folder` (blocking), or None where the platform has no flock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        os.close(handle)
        return None
    return handle
