"""The Python names the generated package already uses, and how method and class names are settled.

Names made from doc text (resources, methods, arguments, model classes) must not shadow what a
generated module imports, what a client or resource class has, or what a method body calls.
What the templates use is listed here by hand; tests/unit/test_names.py renders the templates and
checks these lists against what the rendered modules import and call.
"""

from __future__ import annotations

import re

from generator.naming import identifier, pascal, unique_names

__all__ = [
    "ARGUMENT_NAMES_TAKEN",
    "BATCH_ARGUMENTS",
    "CLIENT_ATTRIBUTES",
    "DEVICE_NAMES",
    "METHOD_NAMES_TAKEN",
    "MODEL_MODULE_IMPORTS",
    "RESOURCE_IMPORTS",
    "RUNTIME_CALLS",
    "client_identity",
    "method_names",
    "operation_method",
    "resource_classes",
]

CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "max_retry_wait",
        "retry_non_idempotent",
        "strict_response_validation",
        "default_headers",
        "with_options",
        "copy",
        "close",
        "aclose",
        "request",
        "request_page",
        "stream",
        "username",
        "password",
        "with_raw_response",
    }
)
"""Names the client classes already use: a resource may not shadow them."""

DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
"""A resource's name is also a file name (resources/<name>.py, types/<name>.py): these are devices
on Windows, whatever the extension, so a package holding one could not be checked out there."""

METHOD_NAMES_TAKEN = frozenset(
    {"with_raw_response", "builtins", "str", "int", "float", "bool", "date", "datetime"}
    | {"bytes", "contextlib", "httpx"}
)
"""What a resource class has besides its operations, and the lowercase names its annotations use
(a method named `date` would be what `date` means in the annotations after it)."""

BATCH_SUFFIX = "_in_batches"
"""The method an operation with a list body adds (`delete_in_batches`)."""
STREAM_SUFFIX = "_stream"
"""The method an operation with a binary response adds (`download_stream`)."""

RUNTIME_CALLS = frozenset(
    {"prepare", "encode_body", "check_batches", "run_batches", "arun_batches", "merge_models"}
    | {"encode_form", "encode_multipart", "encode_content"}
)
"""The runtime functions the generated method bodies call."""

PER_CALL_ARGUMENTS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
"""The keyword arguments every method takes."""

BATCH_ARGUMENTS = frozenset({"batch_size", "concurrency"})
"""The keyword arguments `X_in_batches` adds to the operation's own."""

ARGUMENT_NAMES_TAKEN = (
    frozenset({"self", "builtins", "contextlib", "httpx"}) | RUNTIME_CALLS | PER_CALL_ARGUMENTS
)
"""Names an argument may not take: `self`, the per-call options, and what the bodies call."""

RESOURCE_IMPORTS = RUNTIME_CALLS | frozenset(
    {
        "annotations",
        "builtins",
        "contextlib",
        "httpx",
        "IO",
        "FileTypes",
        "Iterable",
        "Mapping",
        "Sequence",
        "cached_property",
        "date",
        "datetime",
        "Any",
        "Literal",
        "UUID",
        "Operation",
        "OffsetPagination",
        "PageNumberPagination",
        "CursorPagination",
        "AsyncPaginator",
        "SyncPage",
        "SyncAPIResource",
        "AsyncAPIResource",
        "to_raw_response_wrapper",
        "async_to_raw_response_wrapper",
        "NOT_GIVEN",
        "NotGiven",
        "Body",
        "Headers",
        "Query",
        "SequenceNotStr",
        "Timeout",
    }
)
"""Every name `resources/<name>.py` imports besides its models."""

MODEL_MODULE_IMPORTS = frozenset({"annotations", "importlib", "TYPE_CHECKING", "Any"})
"""Every name `types/__init__.py` imports besides the models."""


def method_names(wanted: list[str]) -> list[str]:
    """One resource's method names, unique, and none that a resource class already has or that
    its annotations use, nor the `X_in_batches` or `X_stream` method of another operation X (two
    `def`s of one name in a class body: the later one silently wins)."""
    names = unique_names(wanted, METHOD_NAMES_TAKEN)
    derived = {f"{name}{suffix}" for name in names for suffix in (BATCH_SUFFIX, STREAM_SUFFIX)}
    clashing = {name for name in names if name in derived}
    if not clashing:
        return names
    taken = set(names) | derived | METHOD_NAMES_TAKEN
    return [unique_names([n], taken)[0] if n in clashing else n for n in names]


def resource_classes(resources: list[str], taken: frozenset[str]) -> dict[str, str]:
    """Resource -> class name, so that no class of one (in any of its four flavours) has the name
    of another's or of something its module imports (`Async` must not make `AsyncResource`)."""
    used = set(taken)
    classes: dict[str, str] = {}
    for resource in resources:
        stem, n = pascal(resource), 2
        name = f"{stem}Resource"
        while used.intersection(flavours(name)):
            name, n = f"{stem}{n}Resource", n + 1
        used.update(flavours(name))
        classes[resource] = name
    return classes


def flavours(class_name: str) -> tuple[str, ...]:
    """The four classes a resource renders."""
    return (
        class_name,
        f"{class_name}WithRawResponse",
        f"Async{class_name}",
        f"Async{class_name}WithRawResponse",
    )


_VERBS = {"get": "list", "post": "create", "put": "upsert", "patch": "update", "delete": "delete"}


def operation_method(operation_id: object, http_method: str, path: str) -> str:
    """A method name for an operation of a document given with --from-spec (before collisions
    are settled): its operationId in snake_case (`listPets` -> `list_pets`), else a verb and the
    path's literal segments after the first (`GET /droplets/{id}/actions` -> `list_actions`;
    one item, `{id}` last: `get_actions`). Either depends on the operation alone, so adding an
    endpoint renames no other unless the two collide."""
    if isinstance(operation_id, str) and identifier(operation_id, attribute=True) != "value":
        return identifier(operation_id, attribute=True)
    segments = [s for s in path.strip("/").split("/") if s]
    literals = [s for s in segments if not s.startswith("{") and not _VERSION.fullmatch(s)]
    verb = _VERBS.get(http_method.lower(), http_method.lower())
    if verb == "list" and segments and segments[-1].startswith("{"):
        verb = "get"
    return identifier(" ".join([verb, *literals[1:]]), attribute=True)


_TITLE_NOISE = frozenset({"api", "apis", "rest", "openapi", "spec", "specification", "-"})
_VERSION = re.compile(r"(?i)v?\d+(\.\d+)*|api")


def client_identity(title: str, given: str | None) -> tuple[str, str]:
    """The client classes' stem and the environment variables' prefix, from `--client-name` or
    the document's title: `Swagger Petstore API` -> (`SwaggerPetstore`, `SWAGGER_PETSTORE`)."""
    words = [
        w
        for w in (given or title).split()
        if given or (w.lower() not in _TITLE_NOISE and not _VERSION.fullmatch(w))
    ]
    stem = identifier(" ".join(words) or title or "Api", style="pascal").rstrip("_")
    if not stem or stem[0].isdigit() or stem in ("SyncAPI", "AsyncAPI"):
        stem = f"Api{stem}"
    stem = stem[:40]
    return stem, identifier(stem).upper()
