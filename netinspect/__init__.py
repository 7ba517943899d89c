"""netinspect: inspection, hardening plans and version assessment for H3C, Huawei and Cisco networks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("netinspect")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
