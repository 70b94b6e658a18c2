"""Operators: the people who look after one Feria installation. Who they are (named from the command line or by
another operator, removed, kept as history: roles), what waits for their decision and deciding it, each decision
recorded (decisions), and the catalog's categories they make and rename (categories). Imports catalog (the
catalog's version, a category's names) and messaging (telling people).
"""
