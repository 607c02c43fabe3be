"""Agenda amendments: add, amend, reorder items. (models/procedure/agenda_amendments.py)"""

from __future__ import annotations



