"""A copy of the repository to mutate, and a Python that runs the copy's code.

Mutants are never applied to the working tree: `make` clones the committed HEAD into a temporary
folder and makes a virtual environment beside it whose only paths are the copy and the packages
of the environment running this script (hoko-codegen's editable install is not among them, so
`import generator` is the copy's, and `generator.client.template_root()` its `templates/`).
`check` proves it before any mutant runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Workspace", "make"]

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Workspace:
    """The copy (`repo`) and the environment that runs it (`python`, `bin`)."""

    folder: Path
    repo: Path
    python: Path
    bin: Path

    def env(self) -> dict[str, str]:
        """The environment a test command runs in: the copy's Python first on PATH, no bytecode
        written (a mutant the same size as the original, saved in the same second, must not be
        read from a stale .pyc), and nothing that would rewrite snapshots by accident."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HOKO_UPDATE_CASES")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["VIRTUAL_ENV"] = str(self.folder / "venv")
        return env

    def run(
        self, *command: str, env_update: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`command` in the copy, with the copy's environment (and `env_update`); output
        captured. Setting HOKO_UPDATE_CASES drops CI, where the cases refuse to update."""
        env = self.env()
        if env_update:
            env.update(env_update)
            if "HOKO_UPDATE_CASES" in env_update:
                env.pop("CI", None)
        return subprocess.run(
            list(command), cwd=self.repo, env=env, capture_output=True, text=True, check=False
        )

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def make() -> Workspace:
    """Clone HEAD into a temporary folder and make its environment (a few seconds)."""
    folder = Path(tempfile.mkdtemp(prefix="hoko-mutation-"))
    repo = folder / "repo"
    subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(repo)], check=True)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_ = venv / "bin"
    python = bin_ / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    packages = sysconfig.get_path("purelib")
    Path(site, "hoko_mutation.pth").write_text(f"{repo}\n{packages}\n", encoding="utf-8")
    # The tools the tests start by name (ruff's binary is found beside the interpreter).
    scripts = Path(sysconfig.get_path("scripts"))
    for tool in scripts.iterdir():
        if not (bin_ / tool.name).exists() and not tool.name.startswith(("python", "activate")):
            (bin_ / tool.name).symlink_to(tool)
    workspace = Workspace(folder, repo, python, bin_)
    check(workspace)
    return workspace


def check(workspace: Workspace) -> None:
    """Fail unless the copy's Python imports the copy's generator and renders its templates."""
    code = (
        "import generator, generator.client as c, ruff.__main__ as r;"
        "print(generator.__file__); print(c.template_root()); print(r.find_ruff_bin())"
    )
    shown = workspace.run(str(workspace.python), "-c", code)
    if shown.returncode != 0:
        raise SystemExit(f"the copy's Python does not run the generator:\n{shown.stderr}")
    module, templates, _ruff = shown.stdout.split("\n")[:3]
    if Path(module).resolve() != (workspace.repo / "generator" / "__init__.py").resolve():
        raise SystemExit(f"the copy's Python imports another generator: {module}")
    if Path(templates).resolve() != (workspace.repo / "templates").resolve():
        raise SystemExit(f"the copy's generator renders other templates: {templates}")
