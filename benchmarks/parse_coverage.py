"""Parse coverage per platform: the command set, what has a parser, the corpus, and how real samples parse.

    python benchmarks/parse_coverage.py [SAMPLES_DIR] [--corpus DIR] [-v] [--readme README.md]

-v lists the outputs not parsed with all their expected values; --readme rewrites the table between the
README's coverage markers (and prints nothing else).

The corpus table (tests/corpus, issue 8) gives per platform and command: outputs, outputs parsed (status
ok), outputs with all expected values, and expected values matched; the README quotes it.
For each sample family in shared/samples (huawei_vrp5, h3c_comware7, cisco_ios, ...) every output file
is normalized on its own as the output of its command, and counted ok or parse_error. A sample of a
command outside the platform's command set is listed as "extra" (parsed if a parser exists).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import handler_for, normalize
from netinspect.normalize.corpus import Outcome, discover, identity_without_version, mutation_outcomes, run_case
from netinspect.platforms import get_platform

FAMILIES = {"huawei_vrp5": "huawei_vrp", "huawei_ac": "huawei_vrp", "huawei_vrp8": "huawei_vrp8",
            "h3c_comware5": "h3c_comware", "h3c_comware7": "h3c_comware",
            "cisco_ios": "cisco_ios", "cisco_iosxe": "cisco_iosxe", "cisco_asa": "cisco_asa"}


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


def corpus_table(corpus: Path) -> list[str]:
    """Markdown table: per platform and command, outputs / parsed / all values / values matched."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for case in discover(corpus):
        groups[(case.platform, case.command)].append(run_case(case))
    lines = ["| platform | command | outputs | parsed | all values | values matched |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    totals = [0, 0, 0, 0, 0]
    for (platform, command), outcomes in sorted(groups.items()):
        row = [len(outcomes), sum(o.status_ok for o in outcomes), sum(o.passed for o in outcomes),
               sum(o.matched for o in outcomes), sum(o.expected for o in outcomes)]
        totals = [a + b for a, b in zip(totals, row)]
        lines.append(f"| {platform} | {command} | {row[0]} | {row[1]} | {row[2]} | {row[3]}/{row[4]} |")
    lines.append(f"| **all** | | **{totals[0]}** | **{totals[1]}** | **{totals[2]}** | **{totals[3]}/{totals[4]}** |")
    return lines


def corpus_families(corpus: Path) -> list[str]:
    """Corpus size per family (the folder level: huawei_vrp5, h3c_comware7, ...)."""
    sizes: dict[str, int] = defaultdict(int)
    for case in discover(corpus):
        sizes[case.family] += 1
    return [f"  {family:14} {count}" for family, count in sorted(sizes.items())]


def failures(corpus: Path) -> list[str]:
    outcomes = [run_case(c) for c in discover(corpus)]
    return [o.explain() for o in outcomes if not o.passed]


def robustness(corpus: Path, verbose: bool = False) -> list[str]:
    """Mutation figures (tried, right, partial, error, wrong) and identity with the version outputs removed."""
    cases = discover(corpus)
    figures = mutation_outcomes(cases)
    lines = [f"  {figures.line()}", ""]
    lines += [f"    {row}" for row in figures.table()]
    lines.append("")
    if verbose:
        lines += [f"    wrong: {w}" for w in figures.wrong]
    for per_device in (False, True):
        found = identity_without_version(cases, per_device)
        lines.append("  version outputs removed, " + found.line("per device" if per_device else "per output"))
        lines += [f"    wrong: {w}" for w in found.wrong] if verbose else []
    return lines


START, END = "<!-- parse-coverage:start -->", "<!-- parse-coverage:end -->"


def update_readme(readme: Path, corpus: Path) -> None:
    """Replace the table between the coverage markers of `readme` with today's."""
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    sizes = ", ".join(line.split()[0] + " " + line.split()[1] for line in corpus_families(corpus))
    block = "\n".join([START, "", *corpus_table(corpus), "", f"Outputs per family: {sizes}.", "", END])
    readme.write_text(head + block + tail, encoding="utf-8")


def main() -> None:
    args = sys.argv[1:]
    corpus = Path(__file__).resolve().parent.parent / "tests" / "corpus"
    if "--corpus" in args:
        at = args.index("--corpus")
        corpus = Path(args[at + 1])
        del args[at:at + 2]
    if "--readme" in args:
        update_readme(Path(args[args.index("--readme") + 1]), corpus)
        return
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"
    samples = Path(args[0]) if args else default
    print(f"corpus ({corpus}):\n")
    print("\n".join(corpus_table(corpus)))
    print("\ncorpus outputs per family:")
    print("\n".join(corpus_families(corpus)))
    if verbose:
        print("\noutputs not parsed with all expected values:")
        print("\n".join(failures(corpus)) or "  none")
    print("\n".join(["", "robustness and identity (issue 20):", *robustness(corpus, verbose)]))
    print()
    print("command sets (netinspect/data/platforms.yaml):")
    for os_id in sorted(set(FAMILIES.values())):
        platform = get_platform(os_id)
        commands = [c.command for c in platform.commands]
        parsed = [c for c in commands if handler_for(os_id, c)]
        print(f"  {os_id:12} {len(parsed)}/{len(commands)} commands have a parser")
    if not samples.is_dir():
        return
    print(f"\nreal samples ({samples}):")
    total_ok = total = 0
    for family, rows in sample_outcomes(samples).items():
        os_id = FAMILIES[family]
        in_set = {c.command for c in get_platform(os_id).commands}
        ok = sum(1 for _, _, s in rows if s in ("ok", "partial"))  # partial: parsed, the output shows its cut
        total_ok, total = total_ok + ok, total + len(rows)
        print(f"  {family:13} {ok}/{len(rows)} sample outputs parsed")
        for command, name, status in rows:
            if status != "ok" or command not in in_set:
                extra = "" if command in in_set else " (not in the command set)"
                print(f"      {status:11} {command}: {name}{extra}")
    print(f"  all           {total_ok}/{total}")


if __name__ == "__main__":
    main()
