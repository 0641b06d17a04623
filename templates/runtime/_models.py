"""The base of every generated model, and the two encoders generated methods call.

``prepare`` turns a method's path, query and header arguments into ``{wire name: JSON value}``;
``encode_body`` turns its body into JSON bytes. Both leave out what was not given (NOT_GIVEN),
validate the rest with the documented model, refuse None where the model marks a field as not
nullable, and send only the fields that were set: a None that was given goes out as JSON null.
Every problem is a ``ValidationError`` naming the operation and the field, raised before
anything is sent.

The not-null mark is written by the generator into the model's config, as datamodel-code-generator
writes schema extensions::

    model_config = ConfigDict(json_schema_extra={"hoko-not-null": ["slug", "url"]})

(the wire names of optional fields that may be left out but may not be null).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import pydantic
from pydantic import ConfigDict

from ._construct import model_class
from ._exceptions import ValidationError
from ._types import NotGiven

if TYPE_CHECKING:
    from ._operation import Operation

__all__ = [
    "NOT_NULL",
    "HokoModel",
    "check_body",
    "encode_body",
    "not_null_fields",
    "prepare",
]

NOT_NULL = "hoko-not-null"
"""The key, in a model's ``json_schema_extra``, of the fields that may not be null."""

_NULL_REFUSED = "may not be null (leave the argument out instead)"


class HokoModel(pydantic.BaseModel):
    """Base of the generated models.

    Unknown fields are kept rather than rejected, so an older client keeps working when the API
    adds a field; fields can be set by their Python name or by the API's (camelCase) alias.
    A field may start with `model_` (`model_dump_`, `model_validated_at`): the generator keeps
    field names off BaseModel's own attributes, so pydantic's prefix guard would only warn.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
    )

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "json",
        use_api_names: bool = True,
        exclude_unset: bool = True,
    ) -> dict[str, Any]:
        """The model as a dict: keys as the API spells them, JSON values (UUIDs and datetimes
        as strings), and only the fields that were set (for a response: that the API sent).

        A response field holding a value of an unexpected type is dumped as it came.
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            warnings=False,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
    ) -> str:
        """``to_dict()`` as JSON text."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            warnings=False,
        )


def prepare(
    op: Operation[Any], model: type[pydantic.BaseModel], values: Mapping[str, object]
) -> dict[str, Any]:
    """Path, query and header arguments (keyed by wire name) as ``{wire name: JSON value}``.

    Arguments left NOT_GIVEN are left out; the rest are validated with ``model`` (limits, enums,
    formats), and None is refused where the model marks the parameter as not nullable.
    """
    given = {
        name: value for name, value in values.items() if not isinstance(value, NotGiven)
    }
    instance = _validate(op, model, given, "")
    return instance.model_dump(mode="json", by_alias=True, exclude_unset=True)


def encode_body(
    op: Operation[Any], model: type[pydantic.BaseModel], value: object
) -> bytes:
    """A request body as JSON bytes, validated with ``model``, with only the fields set.

    ``value`` is an instance of ``model``, a mapping (wire or Python names; NOT_GIVEN values are
    left out) or, for a list body (a RootModel), any iterable of items. Validation, the check
    of nulls and the dump run in pydantic-core, so 10,000 IDs cost a few milliseconds.
    """
    instance = check_body(op, model, value)
    if not _shape(model).floats:
        return instance.model_dump_json(by_alias=True, exclude_unset=True).encode()
    # pydantic makes 50 given for a number field 50.0; a backend reading integers refuses that.
    data = _integral(
        instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    )
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def check_body(
    op: Operation[Any], model: type[pydantic.BaseModel], value: object
) -> pydantic.BaseModel:
    """What ``encode_body`` checks, without the encoding: the validated ``model`` instance."""
    if isinstance(value, Mapping):
        value = {
            name: item for name, item in value.items() if not isinstance(item, NotGiven)
        }
    elif isinstance(value, Iterable) and not isinstance(
        value, (str, bytes, pydantic.BaseModel)
    ):
        value = list(value)
    return _validate(op, model, value, "body")


def not_null_fields(model: type[pydantic.BaseModel]) -> frozenset[str]:
    """The wire names ``model`` (or a model it inherits from) marks as not nullable."""
    names: set[str] = set()
    for klass in model.__mro__:
        config = vars(klass).get("model_config")
        extra = config.get("json_schema_extra") if isinstance(config, dict) else None
        if isinstance(extra, dict) and isinstance(extra.get(NOT_NULL), list):
            names.update(str(name) for name in extra[NOT_NULL])
    return frozenset(names)


def _validate(
    op: Operation[Any], model: type[pydantic.BaseModel], value: object, prefix: str
) -> pydantic.BaseModel:
    try:
        instance = model.model_validate(value)
    except pydantic.ValidationError as exc:
        raise _validation_error(op, model, exc, prefix) from exc
    if _shape(model).marks:
        nulls: list[str] = []
        _find_nulls(instance, prefix, nulls)
        if nulls:
            errors = [{"field": field, "message": _NULL_REFUSED} for field in nulls]
            raise ValidationError(op.name, nulls[0], _NULL_REFUSED, errors=errors)
    return instance


def _find_nulls(value: object, path: str, found: list[str]) -> None:
    """Append the path of every None that a model set in ``value`` marks as not nullable."""
    if isinstance(value, pydantic.RootModel):
        _find_nulls(value.root, path, found)
    elif isinstance(value, pydantic.BaseModel):
        model = type(value)
        if not _shape(model).marks:
            return
        refused = not_null_fields(model)
        for name, field in model.model_fields.items():
            if name not in value.model_fields_set:
                continue
            wire = field.alias or name
            item = getattr(value, name)
            if item is None and wire in refused:
                found.append(_join(path, wire))
            elif item is not None:
                _find_nulls(item, _join(path, wire), found)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _find_nulls(item, f"{path}[{index}]", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _find_nulls(item, _join(path, str(key)), found)


def _validation_error(
    op: Operation[Any],
    model: type[pydantic.BaseModel],
    error: pydantic.ValidationError,
    prefix: str,
) -> ValidationError:
    """pydantic's error as ours: each problem at its wire path, with the limit it broke."""
    problems = []
    for item in error.errors(include_url=False):
        message = item["msg"]
        if item["type"] != "missing" and "input" in item:
            message += f" (got {_short(item['input'])})"
        problems.append(
            {"field": _wire_path(model, item["loc"], prefix), "message": message}
        )
    first = problems[0]
    return ValidationError(op.name, first["field"], first["message"], errors=problems)


def _wire_path(model: Any, loc: tuple[int | str, ...], prefix: str) -> str:
    """pydantic's error location (Python names or aliases, union tags) as the API's spelling."""
    path = prefix
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
            current = _item_type(current)
            continue
        found = _model_in(current)
        if found is not None:
            name, field = _field(found, part)
            path = _join(path, (field.alias or name) if field is not None else part)
            current = field.annotation if field is not None else Any
        elif typing.get_origin(_strip(current)) in (dict, Mapping):
            path = _join(path, part)
            current = typing.get_args(_strip(current))[-1]
        # Anything else names a member of a union or a validator, not a place in the data.
    return path


def _field(model: type[pydantic.BaseModel], key: str) -> tuple[str, Any]:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return name, field
    return key, None


def _model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The model class an annotation holds (through Optional, Annotated and RootModel)."""
    for option in _options(annotation):
        model = model_class(option)
        if model is not None and issubclass(model, pydantic.RootModel):
            return _model_in(model.model_fields["root"].annotation)
        if model is not None:
            return model
    return None


def _item_type(annotation: Any) -> Any:
    """The type of the items of a list annotation (through Optional, Annotated, RootModel)."""
    for option in _options(annotation):
        model = model_class(option)
        if model is not None and issubclass(model, pydantic.RootModel):
            return _item_type(model.model_fields["root"].annotation)
        args = typing.get_args(option)
        if typing.get_origin(option) in (list, tuple, set, frozenset) and args:
            return args[0]
    return Any


def _options(annotation: Any) -> list[Any]:
    annotation = _strip(annotation)
    if typing.get_origin(annotation) in (typing.Union, _UnionType):
        return [
            _strip(arg) for arg in typing.get_args(annotation) if arg is not type(None)
        ]
    return [annotation]


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


_UnionType: Any = type(int | str)


class _Shape:
    """What the encoders need to know of a model, worked out once per class."""

    __slots__ = ("floats", "marks")

    def __init__(self, model: type[pydantic.BaseModel]) -> None:
        self.floats = _reaches(model, lambda t: t is float, set())
        self.marks = _reaches(
            model,
            lambda t: model_class(t) is not None and bool(not_null_fields(t)),
            set(),
        )


_SHAPES: dict[type[pydantic.BaseModel], _Shape] = {}


def _shape(model: type[pydantic.BaseModel]) -> _Shape:
    shape = _SHAPES.get(model)
    if shape is None:
        shape = _SHAPES[model] = _Shape(model)
    return shape


def _reaches(annotation: Any, test: Callable[[Any], bool], seen: set[Any]) -> bool:
    """Whether ``test`` holds for ``annotation`` or a type inside it, models' fields included."""
    annotation = _strip(annotation)
    if test(annotation):
        return True
    model = model_class(annotation)
    if model is not None:
        if model in seen:
            return False
        seen.add(model)
        return any(
            _reaches(field.annotation, test, seen)
            for field in model.model_fields.values()
        )
    return any(_reaches(arg, test, seen) for arg in typing.get_args(annotation))


def _integral(data: Any) -> Any:
    """JSON data with every float that is a whole number as an int (50.0 -> 50)."""
    if isinstance(data, float):
        return int(data) if data.is_integer() else data
    if isinstance(data, list):
        return [_integral(item) for item in data]
    if isinstance(data, dict):
        return {key: _integral(item) for key, item in data.items()}
    return data


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
