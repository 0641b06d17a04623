"""The intermediate representations the stages pass along: plain frozen dataclasses, no I/O.

docs.py     what the parser reads out of the pages (`Endpoint` and its parts)
"""
