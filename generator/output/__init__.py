"""The output layer: the only code that writes the user's files, and the record of what it wrote.

writer.py   staging, the import gate, the atomic swap, the lock, recovery after a killed run
gate.py     the staged package imported in a fresh interpreter
record.py   the digests of a run's inputs and outputs, and its warnings: the no-op test
stale.py    what `check` says of files that differ from what the docs give now
"""
