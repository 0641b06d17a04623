"""Import every module of a generated package and call every client method, offline.

    python -W error exercise.py OUT_DIR PACKAGE

Requests go to an httpx.MockTransport that answers 200 `{}`. Each call either returns (a list
method's page is iterated once) or raises one of the package's own errors (HokoError: the dummy
arguments refused by a model, say); any other exception is a bug in the package and ends the run
with its traceback. Prints a JSON report: the modules imported, each method called with how it
ended (`returned` or the HokoError's class), and the HOKO_PWNED environment variable as it ended up.
"""

from __future__ import annotations

import asyncio
import functools
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
    names = [n for n, v in vars(type(client)).items() if isinstance(v, functools.cached_property)]
    return [getattr(client, name) for name in sorted(names)]


def _methods(resource: Any) -> list[tuple[str, Any]]:
    """The public methods of a resource and of its raw-response twin (whose methods are the
    wrapped ones, kept as attributes)."""
    found = []
    for holder in (resource, resource.with_raw_response):
        for name, member in inspect.getmembers(holder, callable):
            if not name.startswith("_") and not inspect.isclass(member):
                found.append((f"{type(holder).__name__}.{name}", member))
    return found


def _client_class(package: Any, flavour: str) -> Any:
    """The package's client class (`HokoClient`, or one named after a document's title), sync
    (`flavour` "") or asyncio ("Async")."""
    names = [n for n in package._client.__all__ if n.startswith("Async") == bool(flavour)]
    return getattr(package, names[0])


def _sync(package: Any) -> dict[str, str]:
    called = {}
    http = httpx.Client(transport=httpx.MockTransport(_answer))
    client = _client_class(package, "")(
        api_key="k", base_url="http://127.0.0.1:9", max_retries=0, http_client=http
    )
    for resource in _resources(client):
        for name, method in _methods(resource):
            args, kwargs = _arguments(method)
            try:
                result = method(*args, **kwargs)
                if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict)):
                    next(iter(result), None)
                called[name] = "returned"
            except package.HokoError as error:
                called[name] = type(error).__name__
    return called


async def _async(package: Any) -> dict[str, str]:
    called = {}
    http = httpx.AsyncClient(transport=httpx.MockTransport(_answer))
    client = _client_class(package, "Async")(
        api_key="k", base_url="http://127.0.0.1:9", max_retries=0, http_client=http
    )
    for resource in _resources(client):
        for name, method in _methods(resource):
            args, kwargs = _arguments(method)
            try:
                result = method(*args, **kwargs)
                if hasattr(result, "__aiter__"):
                    async for _item in result:
                        break
                elif inspect.isawaitable(result):
                    await result
                called[f"Async:{name}"] = "returned"
            except package.HokoError as error:
                called[f"Async:{name}"] = type(error).__name__
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
    called = {**_sync(package), **asyncio.run(_async(package))}
    report = {"modules": sorted(modules), "called": called, "env": os.environ.get("HOKO_PWNED")}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
