"""The client IR -> the package's Python sources and metadata, from the Jinja templates in templates/.

Doc text reaches Python source only through the `py` filter (repr of a JSON value), the
`docstring` filter (an escaped literal, round-trip checked) or identifiers made by
`generator.naming`. Jinja runs with StrictUndefined, so a missing variable is an error, not "".
The runtime (`templates/runtime/_*.py`) is copied byte for byte, under the package's header.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

import jinja2

from generator.client import template_root
from generator.client.source import docstring, fence, py_literal, toml_string
from generator.ir.client import Client

__all__ = [
    "VERSIONED_FILES",
    "render_client",
    "render_versioned",
    "runtime_files",
    "runtime_modules",
]

_PACKAGE_TEMPLATES = {
    "README.md": "package/README.md.jinja",
    "{package}/__init__.py": "package/__init__.py.jinja",
    "{package}/_client.py": "package/_client.py.jinja",
    "{package}/types/__init__.py": "package/types/__init__.py.jinja",
    "{package}/resources/__init__.py": "package/resources/__init__.py.jinja",
    "{package}/testing.py": "package/testing.py.jinja",
}
VERSIONED_FILES = {
    "pyproject.toml": "package/pyproject.toml.jinja",
    "{package}/_version.py": "package/_version.py.jinja",
}
"""The files that say the package's version, rendered once the version is known."""


def runtime_modules() -> tuple[str, ...]:
    """The runtime's module files (`_base_client.py`...), copied into every package."""
    folder = template_root() / "runtime"
    return tuple(sorted(p.name for p in folder.glob("_*.py") if not p.name.startswith("__")))


@functools.cache
def _environment() -> jinja2.Environment:
    """One Jinja environment a process (its templates compiled once; Jinja looks at their
    modification times, so an edited template is read again)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_root())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py"] = py_literal
    env.filters["docstring"] = docstring
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["toml"] = toml_string
    env.filters["json_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=2)
    env.filters["fence"] = fence
    return env


def render_client(client: Client, context: Mapping[str, Any]) -> dict[str, str]:
    """The package's files but the versioned ones (path relative to the output folder -> text).

    `context` holds the run's values the templates use (`package`, `header`, `api_title`...), but
    not the version: no file rendered here may depend on it."""
    env = _environment()
    package = context["package"]
    values = {**context, "spec": client}
    files = {
        name.format(package=package): env.get_template(template).render(values)
        for name, template in _PACKAGE_TEMPLATES.items()
        # The fake checks keys as one bearer token: no fake for a client that sends others.
        if client.runtime_auth or name != "{package}/testing.py"
    }
    files[f"{package}/py.typed"] = ""
    resource = env.get_template("package/resources/resource.py.jinja")
    for item in client.resources:
        text = resource.render({**values, "resource": item})
        files[f"{package}/resources/{item.module}.py"] = text
    return files


def runtime_files(package: str, header: str) -> dict[str, str]:
    """The runtime's modules as the package holds them: each under the header, byte for byte
    (they are kept formatted as ruff formats the package, templates/runtime/ruff.toml)."""
    folder = template_root() / "runtime"
    return {
        f"{package}/{name}": header + "\n" + (folder / name).read_text(encoding="utf-8")
        for name in runtime_modules()
    }


def render_versioned(client: Client, context: Mapping[str, Any], version: str) -> dict[str, str]:
    """The files that say the package's version."""
    env = _environment()
    values = {**context, "spec": client, "version": version}
    return {
        name.format(package=context["package"]): env.get_template(template).render(values)
        for name, template in VERSIONED_FILES.items()
    }
