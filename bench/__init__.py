"""Benchmarks of the push against its physical limit; run ``python -m bench.run``."""
