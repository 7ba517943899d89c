"""`netinspect diff BEFORE AFTER`: the network after a change is the network before it plus the intended difference.

snapshot.py turns a device (model + check results) into comparable facts; engine.py matches devices
and compares them; expect.py reads the intended differences; report.py writes zh/en reports.
"""
