"""Import every module of a generated package and call every client method, offline.

    python -W error exercise.py OUT_DIR PACKAGE

Requests go to an httpx.MockTransport that answers 200 `{}`; whatever a call raises (a model
rejecting the dummy arguments or the empty answer) is expected and ignored. Prints a JSON report:
the modules imported, the methods called and the HOKO_PWNED environment variable as it ended up.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import pkgutil
import sys
from typing import Any

import httpx


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={})


def _arguments(method: Any) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = "x"
        else:
            args.append("x")
    return args, kwargs


def _resources(client: Any) -> list[Any]:
    names = [n for n, v in vars(type(client)).items() if isinstance(v, property)]
    return [getattr(client, name) for name in sorted(names)]


def _methods(resource: Any) -> list[tuple[str, Any]]:
    found = []
    for holder in (resource, resource.with_raw_response):
        for name, member in inspect.getmembers(holder, inspect.ismethod):
            if not name.startswith("_"):
                found.append((f"{type(holder).__name__}.{name}", member))
    return found


def _sync(package: Any) -> list[str]:
    called = []
    http = httpx.Client(transport=httpx.MockTransport(_answer))
    client = package.HokoClient(
        api_key="k", base_url="http://127.0.0.1:9", max_retries=0, http_client=http
    )
    for resource in _resources(client):
        for name, method in _methods(resource):
            args, kwargs = _arguments(method)
            try:
                result = method(*args, **kwargs)
                if inspect.isgenerator(result) or hasattr(result, "__next__"):
                    next(result, None)
            except Exception:  # noqa: BLE001 - the dummy arguments are meant to be rejected
                pass
            called.append(name)
    return called


async def _async(package: Any) -> list[str]:
    called = []
    http = httpx.AsyncClient(transport=httpx.MockTransport(_answer))
    client = package.AsyncHokoClient(
        api_key="k", base_url="http://127.0.0.1:9", max_retries=0, http_client=http
    )
    for resource in _resources(client):
        for name, method in _methods(resource):
            args, kwargs = _arguments(method)
            try:
                result = method(*args, **kwargs)
                if inspect.isawaitable(result):
                    await result
                elif hasattr(result, "__anext__"):
                    await result.__anext__()
            except Exception:  # noqa: BLE001 - the dummy arguments are meant to be rejected
                pass
            called.append(name)
    await http.aclose()
    return called


def main(out: str, package_name: str) -> None:
    sys.path.insert(0, out)
    package = importlib.import_module(package_name)
    modules = [package_name]
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(info.name)
        modules.append(info.name)
    for name in package.types.__all__:
        getattr(package.types, name)
    called = _sync(package) + asyncio.run(_async(package))
    report = {"modules": sorted(modules), "called": called, "env": os.environ.get("HOKO_PWNED")}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
