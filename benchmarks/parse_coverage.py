"""Parse coverage per platform: the command set, what has a parser, and how real samples parse.

    python benchmarks/parse_coverage.py [SAMPLES_DIR]

For each sample family in shared/samples (huawei_vrp5, h3c_comware7, cisco_ios, ...) every output file
is normalized on its own as the output of its command, and counted ok or parse_error. A sample of a
command outside the platform's command set is listed as "extra" (parsed if a parser exists).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from netinspect.normalize import handler_for, normalize
from netinspect.platforms import get_platform
from netinspect.raw import CommandOutput, RawDevice

FAMILIES = {"huawei_vrp5": "huawei_vrp", "huawei_ac": "huawei_vrp", "huawei_vrp8": "huawei_vrp8",
            "h3c_comware5": "h3c_comware", "h3c_comware7": "h3c_comware",
            "cisco_ios": "cisco_ios", "cisco_iosxe": "cisco_iosxe"}


def command_of(folder: str) -> str:
    return folder.replace("_", " ")


def sample_outcomes(samples: Path) -> dict[str, list[tuple[str, str, str]]]:
    """family -> [(command, file, status)]"""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for family, os_id in FAMILIES.items():
        for folder in sorted((samples / family).glob("*")):
            command = command_of(folder.name)
            for path in sorted(folder.glob("*.txt")):
                raw = RawDevice(name=path.stem, os=os_id)
                raw.add(CommandOutput(command, path.read_bytes().decode("utf-8", errors="replace")))
                _, outcomes = normalize(raw)
                found[family].append((command, path.name, outcomes[command].status if handler_for(os_id, command)
                                      else "no parser"))
    return found


def main() -> None:
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"
    samples = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    print("command sets (netinspect/data/platforms.yaml):")
    for os_id in sorted(set(FAMILIES.values())):
        platform = get_platform(os_id)
        commands = [c.command for c in platform.commands]
        parsed = [c for c in commands if handler_for(os_id, c)]
        print(f"  {os_id:12} {len(parsed)}/{len(commands)} commands have a parser")
    print(f"\nreal samples ({samples}):")
    total_ok = total = 0
    for family, rows in sample_outcomes(samples).items():
        os_id = FAMILIES[family]
        in_set = {c.command for c in get_platform(os_id).commands}
        ok = sum(1 for _, _, s in rows if s == "ok")
        total_ok, total = total_ok + ok, total + len(rows)
        print(f"  {family:13} {ok}/{len(rows)} sample outputs parsed")
        for command, name, status in rows:
            if status != "ok" or command not in in_set:
                extra = "" if command in in_set else " (not in the command set)"
                print(f"      {status:11} {command}: {name}{extra}")
    print(f"  all           {total_ok}/{total}")


if __name__ == "__main__":
    main()
