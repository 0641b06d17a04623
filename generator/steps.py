"""One stage at a time through the two seams: each function here runs a stage (or part of one)
with the store's records of earlier runs and in the workers where that pays; `generator.pipeline`
chains them. A record stands in only for the same input under the same generator and tools, so
what these return is what the stages alone would return.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.config import Options
from generator.diagnostics import Location, Sink, display_path
from generator.executor import Task, Workers
from generator.ir.client import Client
from generator.ir.docs import Endpoint
from generator.store import Store, cache_dir

if TYPE_CHECKING:
    from generator.client.models import GenerateModules

__all__ = [
    "Checks",
    "client_of",
    "file_header",
    "format_files",
    "models_via",
    "open_store",
    "package_bytes",
    "parse_pages",
    "read_sources",
    "render_context",
]


def open_store() -> Store:
    """The store in the user's cache folder, salted with the generator's code and the tools."""
    from generator.output.record import generator_digest, package_versions, templates_digest

    tools = package_versions(_TOOLS)
    salt = "\n".join([sys.version, __version__, generator_digest(), templates_digest(), *tools])
    return Store(cache_dir(), salt.encode())


_TOOLS = (
    "datamodel-code-generator",
    "ruff",
    "markdown-it-py",
    "pydantic",
    "pyyaml",
    "jinja2",
    "jsonschema",
    "openapi-spec-validator",
    "openapi-schema-validator",
)


def parse_pages(files: list[tuple[str, bytes]], store: Store, sink: Sink) -> tuple[Endpoint, ...]:
    """Every page parsed (or taken from the store), then the checks across pages."""
    from generator.parse import check_pages, parse_file

    endpoints: list[Endpoint] = []
    for path, data in files:
        key = store.key("page", path.encode(), data)
        found = _unpickled(store.get(key))
        if found is None:
            page_sink = Sink()
            found = (parse_file(path, data, page_sink), page_sink.items)
            store.put(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        endpoints.extend(found[0])
        sink.items.extend(found[1])
    return tuple(check_pages(endpoints, sink))


def _unpickled(blob: bytes | None) -> Any:
    """A page's (endpoints, diagnostics) from the store; None if absent or unreadable."""
    if blob is None:
        return None
    try:
        value = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged record is only a miss
        return None
    return value if isinstance(value, tuple) and len(value) == 2 else None


class Checks:
    """The document's checks, started: openapi-spec-validator on the shards the store has not
    seen pass (in a worker), and the docs' examples against their schemas. `finish()` waits for
    both and reports what they found ahead of what was reported since they started. `given`:
    the document is the user's (--from-spec), not ours."""

    def __init__(
        self,
        document: dict[str, Any],
        examples: Sequence[Any],
        where: str,
        sink: Sink,
        store: Store,
        workers: Workers,
        *,
        given: bool = False,
    ) -> None:
        from generator.openapi.examples import EXAMPLE_PACKAGES, example_keys, validate_examples
        from generator.openapi.shards import (
            VALIDATOR_PACKAGES,
            document_errors,
            duplicate_operation_ids,
            merged,
            shards,
        )
        from generator.output.record import package_versions

        self._sink, self._at, self._where, self._given = sink, len(sink.items), where, given
        self._store = store
        versions = " ".join(package_versions(VALIDATOR_PACKAGES)).encode()
        cut = shards(document)
        whole = json.dumps(document, ensure_ascii=False).encode()
        keys = {s.text: store.key("openapi", versions, s.text) for s in cut or ()}
        if cut is None:
            keys = {whole: store.key("openapi", versions, whole)}
        self._pending = [k for k in keys.values() if store.get(k) is None]
        todo = [s for s in cut or () if keys[s.text] in self._pending]
        self._errors = duplicate_operation_ids(document)
        self._spec: Task[list[tuple[str, str]]] | None = None
        if self._pending:
            part = document if cut is None or len(todo) == len(cut) else merged(document, todo)
            self._spec = workers.submit(document_errors, part)
        versions = " ".join(package_versions(EXAMPLE_PACKAGES)).encode()
        self._example_keys = [
            store.key("example", versions, *parts) if parts is not None else None
            for parts in example_keys(document, examples)
        ]
        unseen = [i for i, k in enumerate(self._example_keys) if k is None or store.get(k) is None]
        self._unseen = unseen
        self._examples = (
            workers.submit(validate_examples, document, [examples[i] for i in unseen])
            if unseen
            else None
        )

    @classmethod
    def none(cls) -> Checks:
        """Checks of a document that is not checked (an OpenAPI 3.0 one given by the user),
        made without importing the validators (a third of a second, for nothing)."""
        checks = cls.__new__(cls)
        checks._sink, checks._at, checks._where, checks._given = Sink(), 0, "", True
        checks._store, checks._pending, checks._errors = Store(None), [], []
        checks._spec = checks._examples = None
        checks._example_keys, checks._unseen = [], []
        return checks

    def finish(self, *, failed: bool = False) -> None:
        """Wait for the checks and report what they found. The problems of a document the user
        gave are warnings, since the client may still come out whole, unless the run `failed`
        on it: they are then errors, as they explain the failure."""
        found: list[Any] = []
        if self._examples is not None:
            diagnostics, passed = self._examples.result()
            found = list(diagnostics)
            for index in passed:
                key = self._example_keys[self._unseen[index]]
                if key is not None:
                    self._store.put(key, b"passed")
        errors = list(self._errors)
        if self._spec is not None:
            errors += [e for e in self._spec.result() if e not in errors]
        if not errors:
            for key in self._pending:
                self._store.put(key, b"passed")
        before = Sink()
        report = before.warning if self._given and not failed else before.error
        what = "the OpenAPI document" if self._given else "the generated OpenAPI document"
        for where, message in errors:
            report(Location(self._where), f"{what} is invalid at {where}: {message}")
        self._sink.items[self._at : self._at] = before.items + found
        self._spec = self._examples = None


def models_via(store: Store, workers: Workers) -> GenerateModules:
    """datamodel-code-generator for the modules the store has not seen, in the workers (in two
    shares, biggest modules first, when there are many)."""
    from generator.client.models import generate_modules, module_inputs

    def generate(
        schemas: Mapping[str, Any],
        modules: Sequence[str],
        header: str,
        base_class: str,
        aliases: Mapping[str, str],
    ) -> dict[str, str]:
        options = [header, base_class, sorted(aliases.items())]
        inputs = {m: module_inputs(schemas, m) for m in modules}
        keys = {
            m: store.key("models", json.dumps([options, inputs[m]], sort_keys=True).encode())
            for m in modules
        }
        out: dict[str, str] = {}
        for module in modules:
            found = store.get(keys[module])
            if found is not None:
                out[module] = found.decode("utf-8")
        todo = sorted((m for m in modules if m not in out), key=lambda m: -len(inputs[m]))
        shares = [todo[0::2], todo[1::2]] if workers.parallel and len(todo) > _SHARE else [todo]
        futures = [
            workers.submit(
                generate_modules,
                {k: v for m in share for k, v in inputs[m].items()},
                share,
                header,
                base_class,
                aliases,
            )
            for share in shares
            if share
        ]
        for future in futures:
            out.update(future.result())
        for module in todo:
            store.put(keys[module], out[module].encode("utf-8"))
        return out

    return generate


_SHARE = 8
"""Model modules from which the rendering is shared between two workers."""


def format_files(files: Mapping[str, str], store: Store, scratch: Path | None) -> dict[str, str]:
    """`files` with each Python file formatted by ruff (or as the store has it formatted)."""
    from generator.client.fmt import format_python

    out = dict(files)
    keys = {
        name: store.key("ruff", name.encode(), text.encode())
        for name, text in files.items()
        if name.endswith(".py")
    }
    todo = []
    for name, key in keys.items():
        found = store.get(key)
        if found is None:
            todo.append(name)
        else:
            out[name] = found.decode("utf-8")
    if todo:
        formatted = format_python(files, scratch, todo)
        for name in todo:
            out[name] = formatted[name]
            store.put(keys[name], formatted[name].encode("utf-8"))
    return out


def client_of(
    document: Mapping[str, Any],
    package: str,
    header: str,
    store: Store,
    workers: Workers,
    options: Options | None = None,
) -> tuple[Client, Mapping[str, str]]:
    """The client IR of `document` and its model modules (file name under `types/` -> text).
    `options` says whether the document is the user's (--from-spec) and the client's name."""
    from generator.client.models import render_models
    from generator.client.plan import client_ir, plan_client

    from_spec = options is not None and options.from_spec is not None
    name = options.client_name if options is not None else None
    plan = plan_client(document, from_spec=from_spec, client_name=name)
    rendered = render_models(
        plan.schemas,
        plan.owners,
        header,
        package,
        plan.reserved,
        models_via(store, workers),
        plan.not_null,
    )
    return client_ir(plan, rendered.index), rendered.files


def render_context(document: Mapping[str, Any], options: Options, header: str) -> dict[str, Any]:
    """What the templates are rendered with, besides the client IR and the version."""
    info = document.get("info", {})
    servers = document.get("servers") or [{"url": "" if options.from_spec else "https://hoko.to"}]
    return {
        "header": header,
        "header_text": header.removeprefix("# "),
        "toml_header": header,
        "package": options.package,
        "distribution": options.package.replace("_", "-"),
        "generator_version": __version__,
        "api_title": str(info.get("title", "the API")),
        "api_description": str(info.get("description") or "").strip(),
        "from_spec": options.from_spec is not None,
        "server": server_url(servers[0]),
        "out_name": options.out.name,
    }


def server_url(server: Any) -> str:
    """The first server's URL, its variables given their defaults; "" when it is not absolute
    (the client then needs a base URL from its user)."""
    if not isinstance(server, Mapping):
        return ""
    url = str(server.get("url") or "")
    variables = server.get("variables")
    for name, variable in variables.items() if isinstance(variables, Mapping) else ():
        default = variable.get("default") if isinstance(variable, Mapping) else None
        url = url.replace("{" + str(name) + "}", str(default if default is not None else ""))
    return url if url.startswith(("http://", "https://")) else ""


def file_header(source: str) -> str:
    """The comment line on every generated file. A path holding a line break would end the
    comment there, so unprintable characters are shown escaped."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in source)
    return f"# Generated by hoko-codegen from {shown}; do not edit."


def package_bytes(files: Mapping[str, str], package: str) -> list[bytes]:
    """The package's modules as the import gate sees them (names and texts, sorted)."""
    return [
        f"{name}\0{files[name]}".encode()
        for name in sorted(files)
        if name.startswith(f"{package}/") and name.endswith(".py")
    ]


SOURCES = "sources.json"
"""Beside the pages (written by `hoko-codegen sync`): each page's public URL."""
_URL = re.compile(r"https?://[^\s()<>\[\]`\"'\\]+")


def read_sources(docs: Path, sink: Sink) -> dict[str, str]:
    """Each page's public URL from the docs folder's sources.json, by the page's display path;
    an entry that is not an http(s) URL is a warning, and left out."""
    path = docs / SOURCES
    if not path.is_file():
        return {}
    where = Location(display_path(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        sink.warning(where, f"cannot read the pages' URLs ({err}); the client names none")
        return {}
    if not isinstance(data, dict):
        sink.warning(where, "expected an object of page file names and URLs; none is used")
        return {}
    found = {}
    for name, url in sorted(data.items()):
        if isinstance(url, str) and _URL.fullmatch(url):
            found[display_path(docs / str(name))] = url
        else:
            sink.warning(where, f"the URL of {str(name)!r} is not an http(s) URL; left out")
    return found
