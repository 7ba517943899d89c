"""Peer: a plain asyncssh script, what a user would write.  python peer_asyncssh.py DEVICES.json WORKERS RUNDIR

One event loop, a semaphore of WORKERS sessions, asyncssh's defaults (ciphers included); per device: log in,
find the prompt, send the setup and commands of the shared yardstick's commands.json, read each output up to
the prompt, quit. Uses shared/bench/peer_common.py of a parent folder (or $BENCH_DIR) for the device list and the result files.
"""
import asyncio, os, re, sys, time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_DIR") or next(str(p / "shared" / "bench") for p in Path(__file__).resolve().parents
                                                      if (p / "shared" / "bench" / "peer_common.py").is_file()))
import asyncssh  # noqa: E402
from peer_common import PASSWORD, USER, finish, load  # noqa: E402

devices, workers, rundir, _ = load(sys.argv)
PROMPT_END = re.compile(r"[>#\]]\s*$")


async def read_until(proc, done):
    out = ""
    while not done(out):
        chunk = await asyncio.wait_for(proc.stdout.read(65536), 60)
        if not chunk:
            raise EOFError("closed")
        out += chunk
    return out


async def one(d, gate):
    t, chars = {"start": time.monotonic()}, 0
    async with gate:
        try:
            async with asyncssh.connect("127.0.0.1", d["port"], username=USER, password=PASSWORD, known_hosts=None,
                                        client_keys=None, agent_path=None) as conn:
                proc = await conn.create_process(term_type="vt100")
                banner = await read_until(proc, lambda s: PROMPT_END.search(s))
                prompt = banner.replace("\r", "\n").split("\n")[-1].strip()
                t["ready"] = time.monotonic()
                for c in d["setup"] + d["commands"]:
                    proc.stdin.write(c + "\n")
                    chars += len(await read_until(proc, lambda s: s.rstrip().endswith(prompt)))
                t["cmds_done"] = time.monotonic()
                proc.stdin.write(d["logout"] + "\n")
            t["closed"] = time.monotonic()
            return d["name"], {"status": "ok", "chars": chars, "t": t}
        except Exception as exc:  # noqa
            return d["name"], {"status": "error", "chars": chars, "t": t, "message": f"{type(exc).__name__}: {exc}"[:300]}


async def main():
    gate = asyncio.Semaphore(workers)
    return dict(await asyncio.gather(*(one(d, gate) for d in devices)))

finish(rundir, asyncio.run(main()))
