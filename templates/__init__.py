"""hoko-codegen's templates; installed as `generator.templates` (see pyproject.toml).

    package/    Jinja templates, each named after the file it renders into generated/
    macros/     macro-only templates that the package templates import
    runtime/    the hand-written runtime, real .py files copied verbatim into the package
"""
