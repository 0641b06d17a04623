"""The client IR: what the client renderer makes a package of, planned from an OpenAPI document.

Plain frozen dataclasses, no I/O and no behaviour. Python names are final here (settled against
each other, keywords and what the generated modules import), and types are Python annotations:

    Client                        the whole package
    ├── resources: Resource...    `client.links`: one class (in four flavours) per tag
    │   └── operations: Operation...   `client.links.list(...)`: one method per operation
    │       ├── params: Param...       path, query and header arguments
    │       ├── body: Body | None      the request body argument
    │       └── page: Page | None      how `list_all` walks a take/skip list
    └── models: ModelIndex        the classes datamodel-code-generator wrote, by module
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.ir.docs import Json

__all__ = ["Body", "Client", "ModelIndex", "Operation", "Page", "Param", "Resource"]


@dataclass(frozen=True, slots=True)
class ModelIndex:
    """What the client renderer needs to know of the models that were generated."""

    classes: Mapping[str, str]
    """Schema name -> class name."""
    modules: Mapping[str, str]
    """Class name -> module under `types/` (e.g. `partners`)."""
    fields: Mapping[str, Mapping[str, str]]
    """Class name -> {wire name: attribute name}."""
    root_models: frozenset[str]


@dataclass(frozen=True, slots=True)
class Param:
    wire: str
    """The name the API spells (`collectionId`)."""
    name: str
    """The Python argument (`collection_id`)."""
    location: str
    """path, query or header."""
    annotation: str
    required: bool
    default: Json
    has_default: bool
    description: str


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    annotation: str
    model: str
    item_model: str | None
    max_items: int | None


@dataclass(frozen=True, slots=True)
class Page:
    """How `list_all` walks a take/skip list: the arguments and where a page keeps its items."""

    size_param: str
    offset_param: str
    default_size: int
    items_attr: str
    item_annotation: str


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    http_method: str
    path: str
    summary: str
    description: str
    source: str
    params: tuple[Param, ...]
    params_model: str | None
    body: Body | None
    response: str | None
    page: Page | None
    raises: tuple[tuple[int | str, str], ...]
    """(documented error status, the exception class the client raises for it)."""
    example_call: str = ""
    """Python for a call with the docs' example body, for the package README."""
    example_response: Json = None
    """The docs' example success response (JSON), for the package README."""


@dataclass(frozen=True, slots=True)
class Resource:
    attr: str
    class_name: str
    module: str
    title: str
    operations: tuple[Operation, ...]
    models: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Client:
    resources: tuple[Resource, ...]
    models: ModelIndex
