"""Async services: `verb_noun` functions grouped by domain object; they return values, not ORM objects."""
