"""Names a document picks that Python or pydantic would not take: keywords, BaseModel's own
attributes, names that collide once PascalCased or snake_cased (names.yaml)."""

from __future__ import annotations

import json
from types import ModuleType

import pytest
from support.server import Reply, ScriptedServer

from from_spec.conftest import module, render


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """names.yaml rendered as `names_client`."""
    return render(tmp_path_factory, "names.yaml", "names_client")[0]


def test_schema_names_get_a_model_suffix_or_a_number(names: ModuleType) -> None:
    """`None`, `True` and `Field` become NoneModel, TrueModel, FieldModel; `pet` and `Pet` become
    Pet and Pet2, in document order; `class` is the class Class."""
    types = module(names, "types")
    assert {"NoneModel", "TrueModel", "FieldModel", "Class", "Pet", "Pet2", "Thing2"} <= set(
        types.__all__
    )
    assert types.Pet2.model_fields["pet"].annotation == types.Pet | None


def test_property_names_escape_keywords_and_model_attributes(names: ModuleType) -> None:
    """Keywords, BaseModel's attributes and HokoModel's methods get a trailing `_`; two names that
    snake_case alike: the one named as a Python attribute keeps it, the other gets `_2`; every wire name round-trips."""
    model = module(names, "types").NoneModel
    wire = {
        "class": "a",
        "model_config": "b",
        "dict": 3,
        "json": "d",
        "fooBar": "e",
        "foo_bar": "f",
        "model_dump": "g",
        "schema": "h",
        "to_dict": "i",
        "Field": "j",
    }
    parsed = model.model_validate(wire)
    assert (parsed.class_, parsed.model_config_, parsed.dict_, parsed.json_) == ("a", "b", 3, "d")
    assert (parsed.foo_bar_2, parsed.foo_bar, parsed.model_dump_, parsed.schema_) == (
        "e",
        "f",
        "g",
        "h",
    )
    assert (parsed.to_dict_, parsed.field) == ("i", "j")
    assert parsed.to_dict() == wire
    assert callable(parsed.model_dump) and callable(parsed.to_json)


def test_a_body_of_escaped_names_is_sent_by_wire_name(
    names: ModuleType, server: ScriptedServer
) -> None:
    """The method's keyword arguments are the models' attribute names; the request carries the wire
    names, and `foo_bar` is not taken for `fooBar`."""
    server.enqueue("/things", Reply(200, json={"id": "7"}))
    with names.NamesTestClient(base_url=server.url) as client:
        created = client.things.create_thing(
            class_="x", model_config_="y", foo_bar="z", to_dict_="w"
        )
    assert created.id == "7"
    assert json.loads(server.requests[0].body) == {
        "class": "x",
        "model_config": "y",
        "foo_bar": "z",
        "to_dict": "w",
    }


def test_yaml_keys_are_strings() -> None:
    """In YAML a key `True` or `200` is the string the document wrote, so refs to it resolve."""
    from generator.openapi.spec_io import parse_spec

    text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    True: {type: object}\n    No: {$ref: '#/components/schemas/True'}\n    200: {type: string}\n"
    document = parse_spec(text, "t.yaml")
    assert list(document["components"]["schemas"]) == ["True", "No", "200"]


def test_json_surrogate_pairs_are_read() -> None:
    """A JSON document with an escaped surrogate pair reads as the character it encodes."""
    from generator.openapi.spec_io import parse_spec

    text = '{"openapi": "3.0.3", "info": {"title": "\\ud83d\\udc4d", "version": "1"}, "paths": {}}'
    assert parse_spec(text, "t.json")["info"]["title"] == "\N{THUMBS UP SIGN}"
