"""The release stage: what changed since the last run, and the version and changelog it calls for.

diff_schema.py, diff_api.py   two OpenAPI documents -> API changes, each breaking, compatible or wording
surface.py                    the client IR -> its Python API; two of those compared
diff.py                       the report of both kinds of change, as text or JSON
version.py                    the next version and the changelog entry
previous.py                   what the last run left on disk (package version, changelog), the docs' date
"""
