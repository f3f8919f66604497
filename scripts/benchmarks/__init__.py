"""Benchmarks for the whole pipeline, one module per kind of figure (run `scripts/bench.py`)."""
