"""Alembic migrations of Floor's schema (``models.schema`` runs them).

``versions/0001_baseline.py`` is the schema as the core rebuild left it;
every later change of ``models.tables`` ships a migration after it.
"""
