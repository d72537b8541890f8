"""Reads of statistical reporting: submissions.py (lists, due forms), progress.py (THE
progress selector), status.py (completeness and timeliness)."""
