"""hoko-codegen: Hoko's markdown endpoint docs -> OpenAPI 3.1 -> a typed Python client.

The stages live in their own modules and talk through the dataclasses in `generator.ir.docs`;
`generator.pipeline` is the only module that chains them, and `generator.cli` the only one that
reads arguments.
"""

__version__ = "0.1.0"
