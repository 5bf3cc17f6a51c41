"""Benchmarks: start-up, memory, live latency, store throughput and scale.

Every figure is a ratio against a baseline measured in the same run, so the results hold on a
noisy shared machine. Run them with ``python3 dev.py bench`` (or ``make bench``).
"""
