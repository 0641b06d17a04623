"""The view stage: the `Provenance` of a run and the pages' text -> the annotated HTML view
(`--html FILE`; `html.py`, with its style sheet and script in `assets.py`)."""
