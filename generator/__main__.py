"""`python -m generator` is the same as the `hoko-codegen` command."""

from generator.cli import entry

entry()
