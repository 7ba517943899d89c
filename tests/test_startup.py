"""Start-up (issue 22): the command line imports no heavy library and no importlib.metadata until a command
runs that needs it; `benchmarks/bench_startup.py` measures the CPU time."""

import subprocess
import sys

HEAVY = ("openpyxl", "hier_config", "weasyprint", "netmiko", "paramiko", "asyncssh", "jinja2", "textfsm",
         "importlib.metadata", "netinspect.workflow", "netinspect.pipeline", "netinspect.harden.report")


def _imported_by(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('IMPORTED', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stderr.strip().splitlines()[-1].split()[1:])


def test_the_command_line_module_imports_nothing_heavy() -> None:
    assert _imported_by("import netinspect.cli.app") == set()


def test_help_imports_nothing_heavy() -> None:
    code = ("sys.argv = ['netinspect', '--help']\nfrom netinspect.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass")
    assert _imported_by(code) - {"importlib.metadata"} == set()  # typer's own value coercion may load it


def test_a_command_still_finds_its_work() -> None:
    assert "netinspect.workflow" in _imported_by("import netinspect.cli.app as a\na.inspect_source")


def test_version_is_the_packaged_one() -> None:
    from importlib.metadata import version

    import netinspect

    assert netinspect.__version__ == version("netinspect")


def test_advisory_store_variable_is_the_stores() -> None:
    from netinspect.advisories.store import ENV
    from netinspect.cli.advisories import ENV as CLI_ENV

    assert CLI_ENV == ENV
