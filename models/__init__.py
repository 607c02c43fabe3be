"""Floor's model layer: the whole meeting without a terminal.

Tables, the store, agenda loading, the procedure (chair actions), timing and
minutes live here. Nothing in this package imports Textual or Rich; a test
proves it (tests/test_architecture.py).
"""
