"""`python -m generator` is the same as the `hoko-codegen` command."""

from generator.cli import entry

# Guarded: worker processes are spawned, and a spawned process imports the main module again.
if __name__ == "__main__":
    entry()
