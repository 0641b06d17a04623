"""The client stage: OpenAPI document -> the files of an installable Python package.

plan.py        the document -> names, the models to render, then the client IR (generator.ir.client)
requests.py    one operation's schemas: parameters model, request body, response; its warnings
media.py       bodies and responses by media type; parameter styles the client cannot send
security.py    securitySchemes -> what the runtime's _auth applies
operation.py   one operation's arguments, body, pages and errors, as Python annotations
documented.py  what the document says of it besides its shape: description, errors, examples
model_input.py component schemas as datamodel-code-generator sees them: class names, modules
models.py      component schemas -> pydantic v2 models, by datamodel-code-generator
fake.py        what the fake of <package>.testing needs: scopes, documented answers, roles
render.py      the client IR -> package files, from the Jinja templates in templates/
fmt.py         the pinned ruff over the Python files
names.py, schemas.py, source.py    names the package already uses; $ref helpers; inert source text
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["template_root"]


def template_root() -> Path:
    """templates/ as installed (generator.templates), or beside generator/ in a source tree."""
    spec = importlib.util.find_spec("generator.templates")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent.parent / "templates"
