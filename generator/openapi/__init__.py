"""The OpenAPI stage: endpoints -> one OpenAPI 3.1 document, and its checks.

build.py    endpoints -> the document (paths, operations, shared components)
schemas.py  documented types and limits -> JSON Schema; infer.py  JSON examples -> JSON Schema
"""
