"""The hypothesis settings of the hostile tier: derandomized and without an example database, so
every run (and CI) tries the same inputs; no deadline, a bounded number of examples."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
