"""The measures of each fact class against the hand-labelled sample (see `accuracy.py`).

One section per fact class; each function takes (plan, facts) and returns an `accuracy.Score`.
"""

from __future__ import annotations

from .accuracy import load_labels, measure, sample_ids, score  # noqa: F401  (used by the sections below)
