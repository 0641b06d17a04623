"""Models that send and parse: discriminators (with a mapping, implicit), oneOf/anyOf/allOf,
3.0 `nullable` and 3.1 type lists, additionalProperties, enums with defaults (models-3.0.yaml,
models-3.1.yaml, cycles.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from support.cli import lint
from support.server import Reply, ScriptedServer

from from_spec.conftest import module, render


@pytest.fixture(scope="module")
def shelter(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """models-3.0.yaml rendered as `shelter_client`."""
    return render(tmp_path_factory, "models-3.0.yaml", "shelter_client")[0]


@pytest.fixture(scope="module")
def garden(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """models-3.1.yaml rendered as `garden_client`."""
    return render(tmp_path_factory, "models-3.1.yaml", "garden_client")[0]


def test_a_mapped_discriminator_sends_and_parses_each_member(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    """A oneOf with a mapping (a ref and a bare name): the tag picks the member both ways, and
    the tags are the document's (`cat`), not a module-qualified name."""
    server.enqueue("/animals", Reply(201, json={"kind": "dog", "name": "Rex", "breed": None}))
    server.enqueue("/animals", Reply(200, json=[{"kind": "cat", "name": "Tom", "indoor": True}]))
    types = module(shelter, "types")
    with shelter.ShelterClient(base_url=server.url) as client:
        admitted = client.animals.admit_animal({"kind": "dog", "name": "Rex", "breed": None})
        listed = client.animals.list_animals()
    assert isinstance(admitted.root, types.Dog) and admitted.root.name == "Rex"
    assert isinstance(listed[0].root, types.Cat) and listed[0].root.indoor is True
    # A readOnly `id` need not be sent, a writeOnly `secret` need not come back.
    assert listed[0].root.id is None and listed[0].root.secret is None
    assert json.loads(server.requests[0].body) == {"kind": "dog", "name": "Rex", "breed": None}


def test_an_implicit_discriminator_uses_schema_names(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    """Without a mapping, each member's tag is its schema name (`Ball`, `Rope`)."""
    types = module(shelter, "types")
    server.enqueue("/toys", Reply(200, json={"toyType": "Rope", "length": 3}))
    with shelter.ShelterClient(base_url=server.url) as client:
        toy = client.pens.add_toy(types.Ball(toy_type="Ball", diameter=2.5))
    assert isinstance(toy.root, types.Rope) and toy.root.length == 3
    assert json.loads(server.requests[0].body) == {"toyType": "Ball", "diameter": 2.5}
    with pytest.raises(Exception, match="toyType"):
        types.Toy.model_validate({"toyType": "Kite"})


def test_nullable_additional_properties_and_enum_defaults(
    shelter: ModuleType, server: ScriptedServer
) -> None:
    """3.0 `nullable` admits None; additionalProperties are typed maps; an enum property with a
    default of a referenced enum keeps the default; allOf gives inheritance."""
    types = module(shelter, "types")
    pen = types.Pen.model_validate(
        {"labels": {"a": "b"}, "counts": {"x": 1}, "extras": {"k": [1]}, "mood": None}
    )
    assert (pen.size, pen.mood, pen.counts, pen.extras) == ("medium", None, {"x": 1}, {"k": [1]})
    # Defaults that do not fit their schema ("10" for an integer, one outside the enum) are
    # dropped: the server applies its own.
    assert (pen.capacity, pen.door) == (None, None)
    assert issubclass(types.Dog, types.Named)
    server.enqueue("/pens/4", Reply(200, json={"size": "large", "occupant": None, "tags": None}))
    with shelter.ShelterClient(base_url=server.url) as client:
        got = client.pens.fill_pen(4, size="small", occupant={"kind": "cat", "name": "Tom"})
    assert got.size == "large" and got.occupant is None
    sent = json.loads(server.requests[0].body)
    assert sent == {"size": "small", "occupant": {"kind": "cat", "name": "Tom"}}


def test_type_lists_const_and_closed_objects(garden: ModuleType, server: ScriptedServer) -> None:
    """3.1 type lists (`[number, 'null']`, `[integer, string]`), `const` as a discriminator tag,
    `additionalProperties: false` and a minimum checked before sending."""
    types = module(garden, "types")
    tree = types.Tree.model_validate({"family": "Tree", "height": None, "age": "old"})
    assert (tree.height, tree.age) == (None, "old")
    with pytest.raises(ValueError, match="surprise"):
        types.Bed.model_validate({"rows": 1, "surprise": True})
    server.enqueue("/plants", Reply(200, json={"family": "Flower", "colour": None}))
    server.enqueue("/beds", Reply(200, json={"rows": 2, "soil": "clay"}))
    with garden.GardenClient(base_url=server.url) as client:
        planted = client.plants.plant_one({"family": "Tree", "height": 2.5, "age": 3})
        with pytest.raises(garden.ValidationError, match="rows"):
            client.beds.make_bed(rows=0)
        bed = client.beds.make_bed(rows=2, names=["a"])
    assert isinstance(planted.root, types.Flower) and planted.root.colour is None
    # A list default would be one list shared by every instance: the server's to apply.
    assert (bed.soil, bed.names) == ("clay", None)
    assert json.loads(server.requests[0].body) == {"family": "Tree", "height": 2.5, "age": 3}
    assert json.loads(server.requests[1].body) == {"rows": 2, "names": ["a"]}


def test_modules_never_import_each_other_in_a_cycle(tmp_path: Path) -> None:
    """Models that refer to each other across resources all go to `shared`: no `_internal.py`,
    each module imports only `shared`, and the package type-checks."""
    from from_spec.conftest import generate

    run = generate("cycles.yaml", tmp_path, "library_client")
    assert run.code == 0, run.err
    types = tmp_path / "library_client" / "types"
    assert sorted(p.name for p in types.iterdir()) == [
        "__init__.py",
        "authors.py",
        "books.py",
        "shared.py",
        "shelves.py",
    ]
    for name in ("authors.py", "books.py", "shelves.py"):
        imports = [line for line in (types / name).read_text().splitlines() if "import" in line]
        assert not any(
            "authors" in line or "books" in line or "shelves" in line for line in imports
        )
    result = lint(tmp_path, "mypy", name="library_client")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("document", "package"), [("models-3.0.yaml", "shelter_c"), ("models-3.1.yaml", "garden_c")]
)
def test_model_packages_pass_mypy_strict(tmp_path: Path, document: str, package: str) -> None:
    """Defaults of enum fields, nullable root models and unions all type-check strictly."""
    from from_spec.conftest import generate

    assert generate(document, tmp_path, package).code == 0
    result = lint(tmp_path, "mypy", name=package)
    assert result.returncode == 0, result.stdout
