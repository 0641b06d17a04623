"""What `import hoko_client` loads: the HTTP core only; asyncio, pydantic's models and the
resources load on first use (the import budget is 1.3x `import httpx, pydantic`, which loads
no model machinery)."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from support.server import Reply, ScriptedServer

from .conftest import HERE, LINK_ID, RUNTIME_MODULES

PROBE = "hoko_import_probe"
# What a generated package's __init__.py and _client.py import, in their shape.
INIT = """\
from ._base_client import DEFAULT_TIMEOUT
from ._client import AsyncHokoClient, HokoClient
from ._exceptions import *
from ._response import APIResponse, RateLimit
from ._types import NOT_GIVEN, NotGiven
"""
CLIENT = """\
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from .resources import AsyncLinksResource, LinksResource


class HokoClient(SyncAPIClient):
    @cached_property
    def links(self) -> LinksResource:
        from .resources import LinksResource

        return LinksResource(self)


class AsyncHokoClient(AsyncAPIClient):
    @cached_property
    def links(self) -> AsyncLinksResource:
        from .resources import AsyncLinksResource

        return AsyncLinksResource(self)
"""
WATCHED = ["asyncio", "pydantic.main", f"{PROBE}._models", f"{PROBE}.resources"]
SCRIPT = textwrap.dedent(
    f"""
    import json, sys
    watched = {WATCHED!r}
    import {PROBE}
    {PROBE}.HokoClient, {PROBE}.NOT_GIVEN, {PROBE}.ValidationError
    at_import = [m for m in watched if m in sys.modules]
    with {PROBE}.HokoClient(api_key="k", base_url=sys.argv[1]) as client:
        client.links.get({LINK_ID!r})
    print(json.dumps([at_import, [m for m in watched if m in sys.modules]]))
    """
)


def build_probe(root: Path) -> None:
    package = root / PROBE
    package.mkdir()
    for source in RUNTIME_MODULES:
        shutil.copy(source, package / source.name)
    shutil.copy(HERE / "package" / "_demo.py", package / "resources.py")
    (package / "__init__.py").write_text(INIT)
    (package / "_client.py").write_text(CLIENT)


def test_import_loads_neither_asyncio_nor_models_nor_resources(
    tmp_path: Path, server: ScriptedServer
) -> None:
    """Importing a generated-style package loads no asyncio, no pydantic model machinery, no
    model or resource module; the first call loads those it needs, and a blocking client
    still no asyncio."""
    build_probe(tmp_path)
    server.enqueue(f"/api/links/{LINK_ID}", Reply(json={"id": LINK_ID}))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, server.url],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    at_import, after_a_call = json.loads(result.stdout)
    assert at_import == []
    assert after_a_call == ["pydantic.main", f"{PROBE}._models", f"{PROBE}.resources"]


def test_the_runtime_imports_nothing_beyond_httpx_pydantic_and_the_standard_library() -> None:
    """At run time the runtime imports no third-party package but httpx and pydantic; for
    annotations only (under `if TYPE_CHECKING:`) it may use typing_extensions, which the generated
    pyproject.toml declares."""
    at_run_time: set[str] = set()
    for_typing: set[str] = set()
    for path in RUNTIME_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found = {n.split(".")[0] for n in names} - set(sys.stdlib_module_names)
            (for_typing if id(node) in guarded else at_run_time).update(found)
    assert at_run_time == {"httpx", "pydantic"}
    assert for_typing <= {"typing_extensions"}
    template = RUNTIME_MODULES[0].parent.parent / "package" / "pyproject.toml.jinja"
    assert '"typing-extensions>=' in template.read_text(encoding="utf-8")
