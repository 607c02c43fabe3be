"""Benchmarks of Floor: the reference workload of issue 7 (``workload``), its figures (``reference``), start-up (``startup``)."""
