"""Inspection history: each run recorded in a SQLite store (store.py), compared with the previous one
(compare.py) for the report's "since the last inspection" part, and `netinspect history` (cli.py)."""
