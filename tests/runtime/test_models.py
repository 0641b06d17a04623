"""_models and _encoding: the model base, prepare and encode_body (not given versus None, the
not-null mark, integers), ValidationError, and the path and query encoders."""

from __future__ import annotations

import asyncio
import datetime
import enum
import json
import pickle
import uuid
from typing import Annotated, Any

import pytest
from hoko_client_under_test import (
    NOT_GIVEN,
    AsyncDemoClient,
    CreateLinksItem,
    CreateLinksRequest,
    DeleteLinksRequest,
    HokoError,
    HokoModel,
    Link,
    ListLinksParams,
    NotGiven,
    Operation,
    UpdateLinksRequest,
    ValidationError,
    encode_body,
    encode_path,
    encode_query,
    encode_value,
    not_null_fields,
    prepare,
)
from pydantic import ConfigDict, Field, RootModel
from support.server import Reply, ScriptedServer

from .conftest import API_KEY, COLLECTION_ID, LINK_ID, RecordingClient, link_json

OP: Operation[None] = Operation("POST", "/api/x", "demo.op", None)
LINK_PATH = f"/api/links/{LINK_ID}"


class Color(enum.Enum):
    RED = "red"


class Settings(HokoModel):
    model_config = ConfigDict(json_schema_extra={"hoko-not-null": ["slug"]})
    slug: str | None = None
    note: str | None = None


class Shelf(HokoModel):
    by_name: Annotated[dict[str, Settings], Field(alias="byName")]


class Wrapper(HokoModel):
    name: str
    settings: Settings | None = None
    history: list[Settings] | None = None


class Wrappers(RootModel[list[Wrapper]]):
    root: Annotated[list[Wrapper], Field(max_length=3)]


def body(model: type[Any], value: object) -> Any:
    return json.loads(encode_body(OP, model, value))


def test_not_given_is_a_falsy_singleton() -> None:
    """NOT_GIVEN is falsy, reads NOT_GIVEN, and stays the one instance through pickling."""
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN


def test_model_keeps_unknown_fields_and_accepts_names_or_aliases() -> None:
    """HokoModel keeps fields the client does not know and takes either spelling of a name."""
    by_alias = Link.model_validate(link_json(shortUrl="s", tier=2))
    by_name_data = link_json(short_url="s")
    del by_name_data["shortUrl"]
    by_name = Link.model_validate(by_name_data)
    assert by_alias.short_url == by_name.short_url == "s"
    assert by_alias.model_extra == {"tier": 2}


def test_to_dict_speaks_the_apis_json_and_leaves_out_what_was_not_sent() -> None:
    """to_dict: keys as the API spells them, UUIDs and datetimes as strings, None kept where
    it was sent, unset fields left out; to_json says the same."""
    sent = {"id": LINK_ID, "url": "u", "slug": "s", "shortUrl": "h", "title": None}
    link = Link.model_validate({**sent, "createdAt": "2026-11-18T14:02:11Z", "tier": 2})
    assert link.to_dict() == {**sent, "createdAt": "2026-11-18T14:02:11Z", "tier": 2}
    assert json.loads(link.to_json()) == link.to_dict()
    assert link.to_json(indent=None) == json.dumps(link.to_dict(), separators=(",", ":"))
    python = link.to_dict(mode="python", use_api_names=False)
    assert python["id"] == uuid.UUID(LINK_ID) and python["short_url"] == "h"
    assert isinstance(python["created_at"], datetime.datetime)


def test_prepare_leaves_out_what_was_not_given_and_keeps_integers() -> None:
    """prepare drops NOT_GIVEN, does not send defaults, and returns wire names with JSON
    values (an integer stays an integer, a UUID becomes a string)."""
    values = {"take": 50, "skip": NOT_GIVEN, "sort": NOT_GIVEN, "collectionId": COLLECTION_ID}
    prepared = prepare(OP, ListLinksParams, values)
    assert prepared == {"take": 50, "collectionId": COLLECTION_ID}
    assert type(prepared["take"]) is int
    assert prepare(OP, ListLinksParams, {"take": NOT_GIVEN}) == {}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"take": 5000}, "take", "Input should be less than or equal to 1000 (got 5000)"),
        ({"skip": -1}, "skip", "Input should be greater than or equal to 0"),
        ({"sort": "random"}, "sort", "Input should be 'createdAt', 'updatedAt', 'clicks'"),
        ({"collectionId": "nope"}, "collectionId", "Input should be a valid UUID"),
        ({"take": None}, "take", "may not be null"),
    ],
)
def test_prepare_refuses_what_the_docs_do_not_allow(
    values: dict[str, object], field: str, message: str
) -> None:
    """A limit, an enum, a format or a None the docs refuse raises ValidationError naming the
    operation, the parameter as the API spells it and the documented limit."""
    with pytest.raises(ValidationError) as caught:
        prepare(OP, ListLinksParams, values)
    error = caught.value
    assert (error.operation, error.field) == ("demo.op", field)
    assert message in str(error)
    assert str(error).startswith(f"demo.op: {field}: ")


def test_validation_error_is_a_hoko_error_and_a_value_error() -> None:
    """`except HokoError` and `except ValueError` both catch it; every problem is listed."""
    with pytest.raises(HokoError) as caught:
        prepare(OP, ListLinksParams, {"take": 0, "skip": -1})
    error = caught.value
    assert isinstance(error, ValidationError) and isinstance(error, ValueError)
    assert [e["field"] for e in error.errors] == ["take", "skip"]
    assert str(error).endswith("(and 1 more)")


def test_encode_body_sends_none_as_null_and_leaves_out_what_was_not_given() -> None:
    """None given for a nullable field is sent as null; NOT_GIVEN and unset fields are not."""
    sent = body(UpdateLinksRequest, {"title": None, "url": "https://x", "slug": NOT_GIVEN})
    assert sent == {"title": None, "url": "https://x"}
    assert body(UpdateLinksRequest, UpdateLinksRequest(collection_id=None)) == {
        "collectionId": None
    }
    assert body(UpdateLinksRequest, {}) == {}


def test_encode_body_takes_python_names_or_wire_names() -> None:
    """A mapping may spell fields as the API does or as Python does; the wire gets the API's."""
    assert body(UpdateLinksRequest, {"collection_id": COLLECTION_ID}) == {
        "collectionId": COLLECTION_ID
    }


def test_encode_body_refuses_none_where_the_model_marks_the_field(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """`slug=None` (not nullable) raises ValidationError naming body.slug; nothing is sent."""
    with pytest.raises(ValidationError) as caught:
        client.links.update(LINK_ID, slug=None)  # type: ignore[arg-type]
    assert caught.value.field == "body.slug"
    assert "links.update: body.slug: may not be null" in str(caught.value)
    assert server.requests == []


def test_the_not_null_check_reaches_list_items_and_nested_models() -> None:
    """A None refused deep in the body is found at its path: body[1].settings.slug."""
    value = [
        {"name": "a", "settings": {"slug": "ok", "note": None}},
        {"name": "b", "settings": {"slug": None}},
        {"name": "c", "history": [{"slug": "x"}, Settings(slug=None)]},
    ]
    with pytest.raises(ValidationError) as caught:
        encode_body(OP, Wrappers, value)
    assert [e["field"] for e in caught.value.errors] == [
        "body[1].settings.slug",
        "body[2].history[1].slug",
    ]
    assert caught.value.field == "body[1].settings.slug"  # the first one found
    assert body(Wrappers, value[:1]) == [{"name": "a", "settings": {"slug": "ok", "note": None}}]


def test_not_null_marks_are_read_from_the_model_config_and_its_parents() -> None:
    """The mark is datamodel-code-generator's json_schema_extra, inherited by subclasses."""

    class Child(Settings):
        model_config = ConfigDict(json_schema_extra={"hoko-not-null": ["note"]})

    assert not_null_fields(UpdateLinksRequest) == {"url", "slug", "tags"}
    assert not_null_fields(Child) == {"slug", "note"}
    assert not_null_fields(Link) == frozenset()


def test_array_body_items_are_validated_at_their_index(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A list body names the item and the field: body[2].title, with the documented limit."""
    items = [
        {"url": "https://a"},
        CreateLinksItem(url="https://b"),
        {"url": "c", "title": "t" * 101},
    ]
    with pytest.raises(ValidationError) as caught:
        client.links.create(items)
    assert caught.value.field == "body[2].title"
    assert "String should have at most 100 characters" in str(caught.value)
    with pytest.raises(ValidationError, match=r"body\[0\]\.slug: may not be null"):
        client.links.create([{"url": "https://a", "slug": None}])
    assert server.requests == []


def test_array_body_takes_models_mappings_and_any_iterable(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Items may be models or mappings, in a list, tuple or generator; each sends what was set."""
    server.enqueue("/api/links", Reply(201, json=[link_json(), link_json()]))
    items = ({"url": "https://a", "title": None}, CreateLinksItem(url="https://b", slug="b"))
    created = client.links.create(item for item in items)
    assert server.requests[0].json() == [
        {"url": "https://a", "title": None},
        {"url": "https://b", "slug": "b"},
    ]
    assert [link.slug for link in created] == ["winter-sale", "winter-sale"]


def test_integers_are_never_sent_with_a_fraction() -> None:
    """50 given for a number field goes out as 50, not 50.0; 0.5 stays 0.5."""
    assert encode_body(OP, UpdateLinksRequest, {"weight": 50}) == b'{"weight":50}'
    assert body(UpdateLinksRequest, {"weight": 0.5}) == {"weight": 0.5}
    assert encode_value(50.0) == "50" and encode_value(2.5) == "2.5"


def test_a_list_body_of_ids_takes_strings_and_uuids() -> None:
    """A RootModel body takes plain lists or tuples, of strings or UUIDs, and sends an array."""
    first = uuid.UUID(LINK_ID)
    assert body(DeleteLinksRequest, (first, COLLECTION_ID)) == [LINK_ID, COLLECTION_ID]
    assert encode_body(OP, DeleteLinksRequest, DeleteLinksRequest([first])) == (
        f'["{LINK_ID}"]'.encode()
    )


def test_a_bare_string_for_an_id_list_is_refused(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A str where a list of ids belongs is a ValidationError, not 36 one-character ids."""
    with pytest.raises(ValidationError, match=r"links\.delete: body: Input should be a valid list"):
        client.links.delete(LINK_ID)  # type: ignore[arg-type]
    assert server.requests == []


def test_encode_body_takes_ten_thousand_ids() -> None:
    """10,000 UUID strings validate and encode in one call (benchmarks/ times it)."""

    class ManyIds(RootModel[list[uuid.UUID]]):
        root: Annotated[list[uuid.UUID], Field(max_length=10000)]

    ids = [str(uuid.uuid4()) for _ in range(10_000)]
    assert json.loads(encode_body(OP, ManyIds, ids)) == ids


def test_async_methods_validate_before_sending(server: ScriptedServer) -> None:
    """The async methods raise the same ValidationError, before any request."""

    async def main() -> None:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            with pytest.raises(ValidationError, match=r"body\.url: may not be null"):
                await client.links.update(LINK_ID, url=None)  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match=r"links\.list: take"):
                client.links.list(take=0)

    asyncio.run(main())
    assert server.requests == []


def test_encode_query_spells_values_as_the_api_does() -> None:
    """None is dropped, booleans are true/false, enums, UUIDs and dates are strings, lists
    are repeated keys, whole floats are integers."""
    link = uuid.UUID(LINK_ID)
    params = encode_query(
        {
            "skip": 0,
            "search": None,
            "active": True,
            "archived": False,
            "color": Color.RED,
            "link": link,
            "since": datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.timezone.utc),
            "day": datetime.date(2026, 11, 28),
            "ids": ["a", None, link],
            "tags": ("x",),
            "take": 50.0,
        }
    )
    assert params == {
        "skip": "0",
        "active": "true",
        "archived": "false",
        "color": "red",
        "link": LINK_ID,
        "since": "2026-11-28T09:30:00+00:00",
        "day": "2026-11-28",
        "ids": ["a", LINK_ID],
        "tags": ["x"],
        "take": "50",
    }


def test_encode_path_percent_encodes_every_reserved_character() -> None:
    """Path values are quoted whole: a slash or space cannot change the route."""
    path = encode_path("/api/links/{id}/stats", {"id": "a/b c?d#e"}, "links.stats")
    assert path == "/api/links/a%2Fb%20c%3Fd%23e/stats"
    assert encode_path("/api/x/{flag}", {"flag": True}, "x") == "/api/x/true"


@pytest.mark.parametrize("value", ["", ".", "..", None])
def test_encode_path_refuses_values_that_address_another_resource(value: object) -> None:
    """Empty, dot and dot-dot path values (and missing ones) raise instead of going elsewhere."""
    with pytest.raises(ValidationError, match=r"links\.get: id: .*path parameter"):
        encode_path("/api/links/{id}", {"id": value}, "links.get")


def test_a_path_id_is_validated_before_sending(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """An id that is not a UUID where the docs say UUID is refused by prepare."""
    with pytest.raises(ValidationError, match=r"links\.get: id: Input should be a valid UUID"):
        client.links.get("../partners")
    server.enqueue(LINK_PATH, Reply(json=link_json()))
    assert client.links.get(uuid.UUID(LINK_ID)).slug == "winter-sale"
    assert [r.path for r in server.requests] == [LINK_PATH]


def test_create_request_model_is_a_root_model_of_items() -> None:
    """The array body model validates its documented size limit."""
    with pytest.raises(ValidationError, match=r"body: List should have at most 100 items"):
        encode_body(OP, CreateLinksRequest, [{"url": "u"}] * 101)


def test_a_problem_inside_a_map_is_found_at_its_key() -> None:
    """A bad value under a map's key is reported at the key, then the field inside it."""
    with pytest.raises(ValidationError) as caught:
        encode_body(OP, Shelf, {"byName": {"winter": {"slug": 5}}})
    assert caught.value.field == "body.byName.winter.slug"
