"""Running a command and measuring it: wall time, exit code and the memory of its whole
process tree, sampled as it runs (PSS where the kernel gives it), stopped past a limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONUTF8": "1"}
MB, MIB = 1_000_000, 1024 * 1024  # file sizes in MB (10^6 bytes), memory in MiB


def _pss(p: int) -> int | None:
    """Bytes of memory a process holds: its proportional set size (PSS), where pages it
    shares with another process (forked workers share the corpus) count half in each,
    so a sum over processes is the memory really used."""
    try:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _tree(pid: int) -> dict[int, str]:
    """A process and each of its descendants, now: {pid: name}."""
    out, pending = {}, [pid]
    while pending:
        p = pending.pop()
        try:
            out[p] = Path(f"/proc/{p}/comm").read_text().strip()
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _rss(p: int, page: int) -> int:
    """Resident bytes of a process (pages shared with another count in full in each)."""
    try:
        return int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page
    except (OSError, IndexError, ValueError):
        return 0


def _tree_memory(tree: dict[int, str], page: int) -> dict[str, int]:
    """{"pid name": bytes} of each process: PSS, else (no smaps_rollup) RSS."""
    out = {}
    for p, name in tree.items():
        pss = _pss(p)
        out[f"{p} {name}"] = pss if pss is not None else _rss(p, page)
    return out


def _first_to_go() -> None:
    """In the child: should the machine run out of memory, the kernel kills the benchmark's
    processes before anyone else's (raising one's own OOM score needs no privilege)."""
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


PSS_EVERY = 1.0  # s: PSS of the tree at least this often...
PSS_AT_MOST = 0.25  # s: ...and sooner, when the resident total reaches a new high (where a peak can be), but not sooner than this


def run(command: list[str], cwd: Path, env: dict | None = None, log: Path | None = None, limit_mib: float | None = None) -> dict:
    """Run a command; its wall time, exit code, peak RSS (``ru_maxrss``: the largest single
    process among it and its children), the peak of its whole process tree (the sum of
    each process's PSS) and the tree's memory every 10 s. Past ``limit_mib`` (checked at
    each PSS reading) the whole tree is killed (the machine is shared).

    The sampler must not slow down what it measures. Reading a process's PSS walks its
    page tables (30 ms for two processes of 800 MB): read ten times a second, as it once
    was, that took a third of a core from steps that use both. So the cheap resident
    size is read every 0.1 s, and the PSS every second, or when the resident total
    reaches a new high, at most four times a second."""
    with tempfile.TemporaryFile() as out, open(log, "w+b") if log else tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **ENV, **(env or {})}, stdout=out, stderr=err, start_new_session=True, preexec_fn=_first_to_go
        )
        sampler = _Sampler(proc.pid, t0, limit_mib)
        thread = threading.Thread(target=sampler.sample, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        thread.join()
        if sampler.killed is not None:
            err.write(f"\nkilled by the benchmark after {sampler.killed:.0f} s: its processes held more than {limit_mib:,.0f} MiB\n".encode())
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {
        "wall": wall,
        "rc": proc.returncode,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_peak_mb": sampler.peak / MIB,
        "at_peak_mib": {k: round(v / MIB) for k, v in sampler.at_peak.items()},
        "timeline_mib": sampler.timeline,
        "started": sampler.started,
        "killed_at_mib": limit_mib if sampler.killed is not None else None,
        "stdout": stdout,
        "stderr": stderr,
    }


class _Sampler:
    """What run() learns of a process tree while it runs, in a thread of its own until
    ``done`` is set: the peak of the tree's memory and what made it up, a reading every
    10 s, when each program first ran, and when (if ever) the tree was killed over the limit."""

    def __init__(self, pid: int, t0: float, limit_mib: float | None):
        self.pid, self.t0, self.limit_mib = pid, t0, limit_mib
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.done = threading.Event()
        self.peak, self.at_peak, self.timeline, self.killed, self.started = 0, {}, [], None, {}

    def sample(self) -> None:
        page = self.page
        rss_high, pss_at = 0, float("-inf")  # the highest resident total a PSS reading saw; when the last was
        while not self.done.wait(0.1):
            tree = _tree(self.pid)
            elapsed = time.perf_counter() - self.t0
            for name in tree.values():  # when each program first ran, e.g. Pagefind at the end of a build
                self.started.setdefault(name, round(elapsed, 1))
            rss = sum(_rss(p, page) for p in tree)
            since = elapsed - pss_at
            if since < PSS_AT_MOST or (since < PSS_EVERY and rss <= rss_high):
                continue
            rss_high, pss_at = max(rss_high, rss), elapsed
            now = _tree_memory(tree, page)
            total = sum(now.values())
            if total > self.peak:
                self.peak, self.at_peak = total, now
            if not self.timeline or elapsed - self.timeline[-1][0] >= 10:
                self.timeline.append((round(elapsed, 1), round(total / MIB)))
            if self.limit_mib and total > self.limit_mib * MIB and self.killed is None:
                self.killed = elapsed
                os.killpg(self.pid, signal.SIGKILL)  # its own session: only what it started


def mkdocs_build(project: Path, site: Path, env: dict | None, log: Path, limit_mib: float | None) -> dict:
    """``mkdocs build --strict`` of ``project`` into ``site``, measured as ``run`` measures."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, env, log=log, limit_mib=limit_mib)


def python_step(name: str, project: Path, env: dict | None = None, limit_mib: float | None = None) -> dict:
    """One measured step (steps.py) in a process of its own, with the project's code: its
    figures, or its error."""
    result = run(
        [sys.executable, "-m", "tifa_bench.run", name, str(project)], project, {"PYTHONPATH": str(project / "scripts"), **(env or {})}, limit_mib=limit_mib
    )
    if result["rc"] != 0:
        return {"error": result["stderr"].strip()[-2000:], "wall": result["wall"]}
    return {**json.loads(result["stdout"].strip().splitlines()[-1]), "wall": result["wall"], "maxrss_mb": result["maxrss_mb"]}
