"""netinspect: inspection, hardening plans and version assessment for H3C, Huawei and Cisco networks."""

# The one place the version is written: pyproject.toml reads it from here (hatch's dynamic version), so
# start-up never pays for importlib.metadata (about 90 ms measured, issue 22).
__version__ = "0.1.0"


def _quiet_third_party_warnings() -> None:
    """Deprecation notices of libraries (asyncssh's DSA support, WeasyPrint's HarfBuzz-Subset) are not the
    user's business: a cron job must see only our errors. Our own warnings are untouched."""
    import warnings

    for module in ("asyncssh", "paramiko", "netmiko", "weasyprint", "cryptography", "fontTools", "cssselect2"):
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=module + r"(\..*)?")
    warnings.filterwarnings("ignore", message=r".*(DSA|TripleDES|Blowfish|CAST5|SEED|IDEA).*is deprecated")
    warnings.filterwarnings("ignore", message=r"HarfBuzz-Subset will be required")


_quiet_third_party_warnings()
