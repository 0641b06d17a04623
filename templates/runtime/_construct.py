"""Responses built leniently: what a real API sends never fails to parse.

A body that matches its documented type is validated as usual (in pydantic-core, the fast path).
One that does not is built anyway, the way the Stainless SDKs do (``construct_type``): a field
that is null, missing or of an unexpected type keeps the value as sent (None when missing),
unknown fields are kept, and nested models, lists, UUIDs and datetimes are still built where the
value fits. ``model_fields_set`` holds exactly the keys the API sent.
"""

from __future__ import annotations

import collections.abc
import typing
from typing import Any

import pydantic

__all__ = ["adapter", "construct", "construct_model", "model_class"]

_UnionType: Any = type(int | str)
_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    """A TypeAdapter for ``annotation``, made once (building one costs far more than using it)."""
    try:
        found = _ADAPTERS.get(annotation)
    except TypeError:  # an annotation that cannot be hashed
        return pydantic.TypeAdapter(annotation)
    if found is None:
        found = _ADAPTERS[annotation] = pydantic.TypeAdapter(annotation)
    return found


def model_class(annotation: Any) -> type[pydantic.BaseModel] | None:
    """``annotation`` if it is a pydantic model class, else None (``list[Link]`` is not one,
    though on Python 3.10 it passes ``isinstance(..., type)``)."""
    if not isinstance(annotation, type) or typing.get_origin(annotation) is not None:
        return None
    return annotation if issubclass(annotation, pydantic.BaseModel) else None


def construct(value: object, annotation: Any) -> Any:
    """``value`` (JSON data) as ``annotation`` where it fits, else as it is."""
    annotation = _strip(annotation)
    if value is None or annotation is Any or annotation is object:
        return value
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, _UnionType):
        return _construct_union(value, annotation)
    model = model_class(annotation)
    if model is not None:
        return construct_model(model, value) if _fits_model(model, value) else value
    args = typing.get_args(annotation)
    if origin in (list, set, frozenset, tuple) or _is_sequence(origin):
        if not isinstance(value, list) or not args:
            return value
        return [construct(item, args[0]) for item in value]
    if origin is dict or _is_mapping(origin):
        if not isinstance(value, dict) or len(args) != 2:
            return value
        return {key: construct(item, args[1]) for key, item in value.items()}
    return _leaf(value, annotation)


def construct_model(model: type[pydantic.BaseModel], value: object) -> Any:
    """A ``model`` instance from JSON data, without failing on what the data holds."""
    if issubclass(model, pydantic.RootModel):
        root = construct(value, model.model_fields["root"].annotation)
        return model.model_construct(root)
    if not isinstance(value, dict):
        return value
    values: dict[str, Any] = {}
    sent: set[str] = set()
    taken: set[str] = set()
    for name, field in model.model_fields.items():
        key = field.alias if field.alias is not None and field.alias in value else name
        if key in value:
            values[name] = construct(value[key], field.annotation)
            sent.add(name)
            taken.add(key)
        else:
            # A required field the API left out is None, not a missing attribute.
            required = field.is_required()
            values[name] = (
                None if required else field.get_default(call_default_factory=True)
            )
    extra = {key: item for key, item in value.items() if key not in taken}
    if model.model_config.get("extra") != "allow":
        extra = {}
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_extra__", extra)
    object.__setattr__(instance, "__pydantic_fields_set__", sent | set(extra))
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def _construct_union(value: object, annotation: Any) -> Any:
    try:
        return adapter(annotation).validate_python(value)
    except pydantic.ValidationError:
        pass
    for option in typing.get_args(annotation):
        option = _strip(option)
        if option is type(None):
            continue
        built = construct(value, option)
        if built is not value:
            return built
    return value


def _fits_model(model: type[pydantic.BaseModel], value: object) -> bool:
    return issubclass(model, pydantic.RootModel) or isinstance(value, dict)


def _leaf(value: object, annotation: Any) -> Any:
    """A scalar (UUID, datetime, enum, Literal, int...) validated, or kept as sent."""
    try:
        return adapter(annotation).validate_python(value)
    except (pydantic.ValidationError, pydantic.PydanticSchemaGenerationError):
        return value


def _is_sequence(origin: Any) -> bool:
    return origin in (collections.abc.Sequence, collections.abc.Iterable)


def _is_mapping(origin: Any) -> bool:
    return origin is collections.abc.Mapping


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation
