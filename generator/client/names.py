"""The Python names the generated package already uses, and how method and class names are settled.

Names made from doc text (resources, methods, arguments, model classes) must not shadow what a
generated module imports or what a client or resource class has. What the templates import is
listed here by hand; a test renders the templates and checks these lists against their imports.
"""

from __future__ import annotations

from generator.naming import pascal, unique_names

__all__ = [
    "BATCH_ARGUMENTS",
    "CLIENT_ATTRIBUTES",
    "DEVICE_NAMES",
    "MODEL_MODULE_IMPORTS",
    "PAGE_ARGUMENTS",
    "RESOURCE_IMPORTS",
    "RESOURCE_MEMBERS",
    "RUNTIME_HELPERS",
    "method_names",
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
        "with_options",
        "close",
        "aclose",
        "default_headers",
        "with_raw_response",
    }
)
"""Names the client classes already use: a resource may not shadow them."""

DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
"""A resource's name is also a file name (resources/<name>.py, types/<name>.py): these are devices
on Windows, whatever the extension, so a package holding one could not be checked out there."""

RESOURCE_MEMBERS = frozenset({"with_raw_response"})
"""What every resource class has besides its operations."""

DERIVED_SUFFIXES = ("_in_batches", "_all")
"""The methods an operation may add (`delete_in_batches`, `list_all`)."""

RUNTIME_HELPERS = frozenset(
    {
        "arun_batches",
        "check_batches",
        "merge_models",
        "run_batches",
        "encode_body",
        "encode_headers",
        "encode_params",
        "pick",
        "aiterate_pages",
        "iterate_pages",
    }
)
"""The runtime functions the resource modules call (an argument may not shadow them)."""

RESOURCE_IMPORTS = RUNTIME_HELPERS | frozenset(
    {
        "annotations",
        "AsyncIterator",
        "Iterator",
        "Mapping",
        "Sequence",
        "date",
        "datetime",
        "Any",
        "Literal",
        "UUID",
        "Operation",
        "AsyncResource",
        "SyncResource",
        "APIResponse",
    }
)
"""Every name `resources/<name>.py` imports besides its models."""

MODEL_MODULE_IMPORTS = frozenset({"annotations", "importlib", "TYPE_CHECKING", "Any"})
"""Every name `types/__init__.py` imports besides the models."""

BATCH_ARGUMENTS = frozenset({"batch_size", "concurrency"})
"""The keyword arguments `X_in_batches` adds to the operation's own."""

PAGE_ARGUMENTS = frozenset({"start"})
"""The keyword argument `X_all` adds."""


def method_names(wanted: list[str]) -> list[str]:
    """One resource's method names, unique, and none that a resource class already has: its
    `with_raw_response` property, or the `X_in_batches` / `X_all` method of another operation X
    (two `def`s of one name in a class body: the later one silently wins)."""
    names = unique_names(wanted, RESOURCE_MEMBERS)
    derived = {f"{name}{suffix}" for name in names for suffix in DERIVED_SUFFIXES}
    clashing = {name for name in names if name in derived}
    if not clashing:
        return names
    taken = set(names) | derived | RESOURCE_MEMBERS
    return [unique_names([n], taken)[0] if n in clashing else n for n in names]


def resource_classes(resources: list[str], taken: frozenset[str]) -> dict[str, str]:
    """Resource -> class name, so that no class of one (in any of its four flavours) has the name
    of another's or of something its module imports (`Async` must not make `AsyncResource`)."""
    used = set(taken)
    classes: dict[str, str] = {}
    for resource in resources:
        stem, n = pascal(resource), 2
        name = f"{stem}Resource"
        while used.intersection(_flavours(name)):
            name, n = f"{stem}{n}Resource", n + 1
        used.update(_flavours(name))
        classes[resource] = name
    return classes


def _flavours(class_name: str) -> tuple[str, ...]:
    return (
        class_name,
        f"{class_name}WithRawResponse",
        f"Async{class_name}",
        f"Async{class_name}WithRawResponse",
    )
