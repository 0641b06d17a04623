"""The client IR: what the client renderer makes a package of, planned from an OpenAPI document.

Plain frozen dataclasses, no I/O and no behaviour. Python names are final here (settled against
each other, keywords and what the generated modules use), and types are Python annotations:

    Client                          the whole package
    ├── resources: Resource...      `client.links`: one class (sync, async, raw twins) per tag
    │   └── operations: Operation...    `client.links.list(...)`: one method per operation
    │       ├── params: Param...        path, query, header and cookie arguments
    │       ├── body: Body | None       the request body: keyword arguments, a list, or a value,
    │       │                           sent as JSON, a form, multipart, or raw content
    │       ├── page: Page | None       how a list method pages (offset, page number, cursor)
    │       ├── raises: Raise...        the documented error statuses and their exceptions
    │       ├── scopes, answers         the key's scopes; each documented status's example
    │       └── role: Role | None       what the fake API does with stored items (testing.py)
    ├── models: ModelIndex          the classes datamodel-code-generator wrote, by module
    ├── collections: Collection...  the item collections the fake API keeps in memory
    └── name, env_prefix, schemes, security   who the client is and what credentials it sends
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.ir.docs import Json

_LIST = re.compile(r"\blist\[")

__all__ = [
    "Answer",
    "Body",
    "Client",
    "Collection",
    "ModelIndex",
    "Operation",
    "Page",
    "Param",
    "Raise",
    "Resource",
    "Role",
]


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
    """One argument of a method: a path, query or header parameter, or a body field."""

    wire: str
    """The name the API spells (`collectionId`)."""
    name: str
    """The Python argument (`collection_id`)."""
    location: str
    """path, query, header, cookie or body."""
    annotation: str
    """The type of a value, without NotGiven or None (`UUID | str`)."""
    required: bool
    nullable: bool
    """None is a value the docs allow (sent as JSON null)."""
    description: str

    @property
    def typed(self) -> str:
        """The annotation in the signature: `str`, `str | NotGiven`, `str | NotGiven | None`."""
        text = self.annotation if self.required else f"{self.annotation} | NotGiven"
        return f"{text} | None" if self.nullable else text


@dataclass(frozen=True, slots=True)
class Body:
    """The request body. `kind` says how a caller gives it:

    - "fields": an object, taken as keyword arguments named after its fields (`fields`);
    - "list": an array, taken as one positional argument (`name`: `ids`, `items`);
    - "value": anything else, taken as one positional argument `body`.
    """

    kind: str
    model: str
    """The model that validates it (a RootModel for "list")."""
    name: str
    annotation: str
    description: str
    fields: tuple[Param, ...] = ()
    max_items: int | None = None
    """The documented most items of a list body (its `X_in_batches` method's batch size)."""
    item: str | None = None
    """The model of a list body's items, when they are objects."""
    encoding: str = "json"
    """How it is sent: json, form, multipart (`fields`), or content (raw: `value`, no model)."""
    content_type: str = "application/json"
    files: tuple[str, ...] = ()
    """The wire names of a multipart body's file fields."""

    @property
    def sequence(self) -> str:
        """The list body's annotation where it must be indexable (the batches' argument)."""
        return self.annotation.replace("Iterable[", "Sequence[", 1)


@dataclass(frozen=True, slots=True)
class Page:
    """How a list method pages: a runtime strategy (`OffsetPagination`...) and its arguments."""

    strategy: str
    arguments: tuple[tuple[str, Json], ...]
    item: str
    """The class of the items (`Link`)."""


@dataclass(frozen=True, slots=True)
class Raise:
    status: str
    """`404`, `4XX`, `default`."""
    exception: str
    """The exception class the runtime raises for it (`NotFoundError`)."""
    description: str


@dataclass(frozen=True, slots=True)
class Answer:
    """A documented response, for the fake API: its status (`201`, `4XX`, `default`) and the
    docs' example body (where the docs give none: `{}` or `[]` as the schema says, else None)."""

    status: str
    example: Json


@dataclass(frozen=True, slots=True)
class Role:
    """What the fake API (`<package>.testing`) does with an operation's collection of items.

    `kind` is list, get, create, upsert, update or delete; an operation without a role answers
    with its documented example. Names are wire names: `item` is the path parameter naming one
    item, `items` where a response holds the items (a delete's: the deleted keys; "" for a bare
    list), `total` the count of all matches; `offset`/`limit` or `page`/`limit` the paging
    parameters, `sort`/`order`/`search` those parameters, `filters` the query parameters named
    after an item field. An upsert finds the item it changes by `match`, and `replace` says the
    docs reset what an update leaves out. `fields` are those a request may set, `defaults`
    their documented defaults.
    """

    kind: str
    collection: str
    item: str = ""
    items: str = ""
    total: str = ""
    offset: str = ""
    limit: str = ""
    page: str = ""
    first_page: int = 1
    sort: str = ""
    order: str = ""
    search: str = ""
    filters: tuple[str, ...] = ()
    match: str = ""
    replace: bool = False
    fields: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Json], ...] = ()


@dataclass(frozen=True, slots=True)
class Collection:
    """Items the fake API keeps (`/api/links`): the field naming an item (`key`, numbered when
    `numbered`, else a new UUID), the fields that may not be null, the date-time fields, and
    those set anew on every change."""

    path: str
    key: str
    required: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()
    touched: tuple[str, ...] = ()
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    http_method: str
    path: str
    summary: str
    description: str
    params: tuple[Param, ...]
    params_model: str | None
    """The model that validates the path, query and header arguments."""
    body: Body | None
    response: str
    """The parsed response's type, at module level (`Link`, `list[Link]`, `None`)."""
    page: Page | None
    raises: tuple[Raise, ...]
    doc_url: str = ""
    """The page's public URL, when known."""
    example_call: str = ""
    """Python for a call with the docs' example body, for the package README."""
    example_response: Json = None
    """The docs' example success response (JSON), for the package README."""
    scopes: tuple[tuple[str, ...], ...] = ()
    """The scopes a key needs, one tuple per way to qualify (none: no key needed)."""
    answers: tuple[Answer, ...] = ()
    role: Role | None = None
    security: tuple[tuple[str, ...], ...] | None = None
    """What the operation needs when it is not the client's default (see `Client.security`)."""
    stream: bool = False
    """Whether the response is binary, so the operation gets an `X_stream` method too."""

    @property
    def returns(self) -> str:
        """The return annotation inside a resource class, where `list` names a method."""
        return _LIST.sub("builtins.list[", self.response)

    @property
    def batches(self) -> bool:
        """Whether the operation gets an `X_in_batches` method: a list body with a documented
        most items, and a response to merge."""
        body = self.body
        has_most = body is not None and body.kind == "list" and body.max_items is not None
        return has_most and self.response not in ("None", "Any")

    @property
    def query(self) -> tuple[str, ...]:
        return tuple(p.wire for p in self.params if p.location == "query")

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(p.wire for p in self.params if p.location == "header")

    @property
    def cookies(self) -> tuple[str, ...]:
        return tuple(p.wire for p in self.params if p.location == "cookie")


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
    collections: tuple[Collection, ...] = ()
    name: str = "Hoko"
    """The client classes' stem (`HokoClient`, `AsyncHokoClient`)."""
    env_prefix: str = "HOKO"
    """Of the environment variables the client reads (`HOKO_API_KEY`, `HOKO_BASE_URL`)."""
    schemes: tuple[tuple[str, str, str], ...] = (("bearerAuth", "bearer", ""),)
    """The security schemes: (the document's name, kind, parameter name); see
    templates/runtime/_auth.py."""
    security: tuple[tuple[str, ...], ...] = (("bearerAuth",),)
    """What the operations need by default: alternatives, each a set of scheme names."""
    warnings: tuple[str, ...] = ()
    """What the client does not render as the document says (each names its operation)."""

    @property
    def runtime_auth(self) -> bool:
        """Whether the security is the runtime's default (one bearer token, required)."""
        return self.schemes == (("bearerAuth", "bearer", ""),) and self.security == (
            ("bearerAuth",),
        )
