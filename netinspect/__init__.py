"""netinspect: inspection, hardening plans and version assessment for H3C, Huawei and Cisco networks."""

# The one place the version is written: pyproject.toml reads it from here (hatch's dynamic version), so
# start-up never pays for importlib.metadata (about 90 ms measured, issue 22).
__version__ = "0.1.0"
