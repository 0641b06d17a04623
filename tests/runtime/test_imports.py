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
    """No runtime module imports typing_extensions (or any other third-party package), so the
    generated package depends on httpx and pydantic alone."""
    third_party = set()
    for path in RUNTIME_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            third_party.update(
                name.split(".")[0]
                for name in names
                if name.split(".")[0] not in sys.stdlib_module_names
            )
    assert third_party == {"httpx", "pydantic"}
