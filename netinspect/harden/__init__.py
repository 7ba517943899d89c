"""Configuration audit and the hardening plan (网络加固方案).

configtree (config as trees, CLI simulation) -> rules (catalog + user files) -> engine (verdicts, evidence)
-> fixes (fix/rollback/verify from templates) -> plan (safe order, rollback) -> report / sarif;
suite is the `hardening` check suite, cli the `netinspect harden` command.
"""
