"""Price information: market price observations and their summaries around a place, official series imported
from CSV, fair prices declared by organizations and networks, and fair-market events (ferias).
Imports alerts, catalog, territories.
"""
