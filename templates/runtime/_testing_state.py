"""The items the fake API (``<package>.testing``) keeps in memory, and what each role does to them.

A collection (``/api/links``) holds its items as the API spells them (camelCase keys, JSON
values), newest first, seeded from the docs' examples. An operation's ``FakeRole`` says what it
does with them:

    list     the items matching the filters given (a query parameter named after an item
             field; a pipe-separated value asks a list field for all of its values), the
             search text (any text field holding it, case aside), sorted by the sort
             parameter, then the page asked for (offset and limit, or page and size)
    get      the item named by the last path parameter (404 when there is none)
    create   new items: the fields given, documented defaults for those left out, null for
             the rest; the key is a new UUID, date-times the server keeps are now, and what
             else the server fills in is copied from the docs' example
    upsert   each item with a ``match`` field naming an existing item changes it, else is
             created (an unknown id is a 400); only the fields given change, null clears,
             unless the docs say an update replaces every field (``replace``)
    update   the item named by the path changes: the fields given, null clears
    delete   the items whose keys the body lists (all must exist, else 400), or the item
             the path names
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._testing_check import Refused

__all__ = ["FakeCollection", "FakeRole", "Items"]


@dataclass(frozen=True)
class FakeRole:
    """What an operation does with a collection's items (see the module docstring).

    Field names are wire names: ``items`` is where a list response holds its items (or where
    a delete response lists the deleted keys; "" for a bare list), ``total`` the count of all
    matches, ``item`` the path parameter naming one item. ``fields`` are those a request may
    set, ``defaults`` their documented defaults.
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
    defaults: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeCollection:
    """A collection of items: its path, the field naming an item (``key``: a new one is the
    next number when ``numbered``, else a new UUID), the fields that may not be null
    (``required``), its date-time fields, and those set on every change."""

    path: str
    key: str
    required: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()
    touched: tuple[str, ...] = ()
    numbered: bool = False


class Items:
    """One collection's items, newest first. ``now`` gives the time as the API spells it."""

    def __init__(
        self,
        spec: FakeCollection,
        seed: Sequence[Mapping[str, Any]],
        template: Mapping[str, Any],
        now: Callable[[], str],
    ) -> None:
        self.spec = spec
        self.items: list[dict[str, Any]] = [copy.deepcopy(dict(i)) for i in seed]
        self._template = dict(template)
        self._now = now

    def find(self, key: object) -> dict[str, Any] | None:
        """The item whose key is ``key`` (UUIDs compared as UUIDs), or None."""
        return next((i for i in self.items if _same(i.get(self.spec.key), key)), None)

    def listing(
        self, role: FakeRole, values: Mapping[str, Any], given: frozenset[str]
    ) -> Any:
        """The page of matching items the query asks for, shaped as the docs show it."""
        found = [i for i in self.items if _matches(i, role, values, given)]
        found = _sorted(found, role, values)
        start, size = _window(role, values)
        shown = found[start:] if size is None else found[start : start + size]
        if not role.items:
            return copy.deepcopy(shown)
        body: dict[str, Any] = {role.items: copy.deepcopy(shown)}
        if role.total:
            body[role.total] = len(found)
        return body

    def get(self, key: str) -> dict[str, Any]:
        item = self.find(key)
        if item is None:
            raise Refused(404, f"no item {key!r} in {self.spec.path}")
        return copy.deepcopy(item)

    def create(self, role: FakeRole, body: Any) -> Any:
        made: list[dict[str, Any]] = []
        for item in body if isinstance(body, list) else [body]:
            # Each is held at once (first, in request order), so the next key is the next one.
            new = self._new(role, _object(item))
            self.items.insert(len(made), new)
            made.append(new)
        return copy.deepcopy(made if isinstance(body, list) else made[0])

    def upsert(self, role: FakeRole, body: Any) -> Any:
        given = [_object(item) for item in (body if isinstance(body, list) else [body])]
        targets = [self._target(role, item) for item in given]
        results = []
        for item, target in zip(given, targets, strict=True):
            if target is None:
                target = self._new(role, item)
                self.items.insert(0, target)
            else:
                self._change(role, target, item, replace=role.replace)
            results.append(target)
        return copy.deepcopy(results if isinstance(body, list) else results[0])

    def update(self, role: FakeRole, key: str, body: Any) -> dict[str, Any]:
        item = self.find(key)
        if item is None:
            raise Refused(404, f"no item {key!r} in {self.spec.path}")
        self._change(role, item, _object(body), replace=role.replace)
        return copy.deepcopy(item)

    def delete(self, keys: Sequence[Any]) -> None:
        missing = [key for key in keys if self.find(key) is None]
        if missing:
            raise Refused(400, f"not in {self.spec.path}: {missing}")
        self.items = [
            i
            for i in self.items
            if not any(_same(i.get(self.spec.key), key) for key in keys)
        ]

    def _target(self, role: FakeRole, item: Mapping[str, Any]) -> dict[str, Any] | None:
        """The existing item an upserted one changes (None: it is created)."""
        if not role.match or item.get(role.match) is None:
            return None
        found = next(
            (i for i in self.items if _same(i.get(role.match), item[role.match])), None
        )
        if found is None and role.match == self.spec.key:
            raise Refused(400, f"no item {item[role.match]!r} in {self.spec.path}")
        return found

    def _new(self, role: FakeRole, given: Mapping[str, Any]) -> dict[str, Any]:
        spec, now = self.spec, self._now()
        item = {
            name: copy.deepcopy(value)
            for name, value in self._template.items()
            if name not in role.fields
        }
        for name in role.fields:
            if name in given:
                item[name] = copy.deepcopy(given[name])
            else:
                item[name] = self._fresh(role, name, now)
        if spec.key:
            item[spec.key] = self._new_key()
        for name in spec.datetimes:
            if name not in role.fields:
                item[name] = now
        return item

    def _new_key(self) -> int | str:
        if not self.spec.numbered:
            return str(uuid.uuid4())
        taken = [i.get(self.spec.key) for i in self.items]
        numbers = [k for k in taken if isinstance(k, int) and not isinstance(k, bool)]
        return max(numbers, default=0) + 1

    def _change(
        self,
        role: FakeRole,
        item: dict[str, Any],
        given: Mapping[str, Any],
        *,
        replace: bool,
    ) -> None:
        now = self._now()
        for name in role.fields:
            if name == self.spec.key:
                continue
            if name in given:
                item[name] = copy.deepcopy(given[name])
            elif replace:
                item[name] = self._fresh(role, name, now)
        for name in self.spec.touched:
            item[name] = now

    def _fresh(self, role: FakeRole, name: str, now: str) -> Any:
        """A field's value when a request leaves it out of a new (or replaced) item: its
        documented default, else null, unless it may not be null: then now for a date-time,
        else the docs' example value."""
        if name in role.defaults:
            return copy.deepcopy(role.defaults[name])
        if name not in self.spec.required:
            return None
        if name in self.spec.datetimes:
            return now
        return copy.deepcopy(self._template.get(name))


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _same(value: object, other: object) -> bool:
    """Whether two keys are equal: as UUIDs when both are, else as text."""
    if value is None or other is None:
        return False
    try:
        return uuid.UUID(str(value)) == uuid.UUID(str(other))
    except ValueError:
        return _text(value) == _text(other)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _matches(
    item: Mapping[str, Any],
    role: FakeRole,
    values: Mapping[str, Any],
    given: frozenset[str],
) -> bool:
    for name in role.filters:
        if name not in given or values.get(name) is None:
            continue
        have, wanted = item.get(name), values[name]
        if isinstance(have, list):
            asked = wanted if isinstance(wanted, list) else str(wanted).split("|")
            if not all(any(_same(h, w) for h in have) for w in asked):
                return False
        elif not _same(have, wanted):
            return False
    if role.search and role.search in given and values.get(role.search):
        needle = str(values[role.search]).casefold()
        texts = [v for v in item.values() if isinstance(v, str)]
        return any(needle in text.casefold() for text in texts)
    return True


def _sorted(
    items: list[dict[str, Any]], role: FakeRole, values: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The items by the sort field asked for (ties and nulls keep their order; nulls last)."""
    by = values.get(role.sort) if role.sort else None
    if not isinstance(by, str):
        return items
    descending = str(values.get(role.order, "")).lower() == "desc"
    present = [i for i in items if i.get(by) is not None]
    absent = [i for i in items if i.get(by) is None]
    try:
        present.sort(key=lambda i: i[by], reverse=descending)
    except TypeError:  # values of different types: compare their text
        present.sort(key=lambda i: _text(i[by]), reverse=descending)
    return present + absent


def _window(role: FakeRole, values: Mapping[str, Any]) -> tuple[int, int | None]:
    """(the index of the first item shown, how many) as the paging parameters ask."""
    size = values.get(role.limit) if role.limit else None
    size = size if isinstance(size, int) else None
    if role.offset:
        start = values.get(role.offset)
        return (start if isinstance(start, int) else 0), size
    if role.page and size is not None:
        page = values.get(role.page)
        number = page if isinstance(page, int) else role.first_page
        return max(number - role.first_page, 0) * size, size
    return 0, size
