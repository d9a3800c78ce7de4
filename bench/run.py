"""Time the builder against the floor on a generated corpus and print a table.

    python bench/run.py                      # 1000 articles x 1500 words x 20 annotations
    python bench/run.py --articles 500 --runs 5 --jobs 2
    python bench/run.py --corpus realistic   # 1000 copies of the bundled article (75 notes)
    python bench/run.py --corpus light       # the generator, almost no inline markup

`--corpus` chooses the content (bench/corpus.py describes the three kinds); each kind's
edits touch what it has (a note, a paragraph, a glossary definition, a title).

Each run times, one after another (so the floor and the builder see the same load):
the floor (bench/floor.py), a full build (no cache, no output folder), a rebuild with
nothing changed, and rebuilds after editing one sidecar, one article and one glossary
entry. Every timing is a whole `python -m builder build` process, as a user runs it.
The table shows medians; the ratio is full build / floor, per run, then the median.
Peak memory is measured in a run of its own before the timed ones (`measured`): the
largest sum of resident memory over the build's processes (the main one and its
workers), as RSS sampled every 10 ms (a page that forked workers share counts once per
process) and as PSS sampled every 100 ms (it counts once, split between them).

The builder's modules are compiled to bytecode first, as an installed builder's are. A
run's earlier output is moved aside, not deleted, until the bench ends (`discard`):
on a file system that allocates inodes slowly after many were deleted, deleting it just
before the next timing made that timing pay for the bench's own cleanup.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import BUNDLED, REPO, generate, realistic  # noqa: E402

WORK = Path(__file__).resolve().parent / "work"
TRASH = WORK / "discarded"
PYTHON = sys.executable


@dataclass
class Timing:
    seconds: float
    cpu: float
    """User + system CPU seconds of the process and its workers."""


@dataclass
class Memory:
    peak_mb: float
    """The largest sum of resident memory (RSS) over the process and its workers."""
    peak_pss_mb: float
    """The same with proportional set sizes: a page shared by forked workers counts once."""


def _tree_rss_kb(root: int, field: str = "VmRSS:") -> int:
    """Sum VmRSS (or with "Pss:", the proportional set size) over a process and its
    descendants (Linux /proc)."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/{'status' if field == 'VmRSS:' else 'smaps_rollup'}") as f:
                for line in f:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def timed(cmd: list[str]) -> Timing:
    """Run a command; return its wall time and CPU time. Nothing else runs meanwhile:
    the memory sampler took a quarter of a core, which a build using every core paid
    in wall time and the one-process floor did not (see `measured`)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    _check(cmd, proc, status)
    return Timing(seconds, usage.ru_utime + usage.ru_stime)


def measured(cmd: list[str]) -> Memory:
    """Run a command; return the peak memory of its process tree, sampled.

    Sampling lists /proc and reads every process's stat each 10 ms, and the workers'
    smaps each 100 ms: 3 ms of CPU per sample, a quarter of a core. So memory has its
    own runs, apart from the timed ones.
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        count = 0
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            if count % 10 == 0:  # reading smaps costs more: every 100 ms
                peak_pss = max(peak_pss, _tree_rss_kb(proc.pid, "Pss:"))
            count += 1
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    _check(cmd, proc, status)
    return Memory(max(peak, usage.ru_maxrss) / 1024, peak_pss / 1024)


def _check(cmd: list[str], proc: subprocess.Popen[bytes], status: int) -> None:
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")


def discard(path: Path) -> None:
    """Move an earlier run's output out of the way; `main` deletes them all at the end.

    Creating files just after deleting thousands cost this machine about 1 ms of kernel
    time per file: its ext4 has no journal, and such an ext4 skips every inode deleted
    in the last one to six minutes when it allocates one (`recently_deleted` in
    fs/ext4/ialloc.c), so each new file scanned past all of them. perf put a third of a
    full build's main process there, and the floor paid it too. A site's first build
    does not come just after deleting thousands of files, so the bench keeps them.
    """
    if path.exists():
        TRASH.mkdir(exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=TRASH)) / path.name)


def toggle(path: Path, old: str, new: str) -> None:
    """Edit a file back and forth between two versions, so each run changes it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(new, old, 1) if new in text else text.replace(old, new, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the builder against the floor.")
    parser.add_argument(
        "--corpus", choices=("generated", "light", "realistic"), default="generated"
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to build --jobs")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor")
    args = parser.parse_args()

    # The builder runs from bytecode, as the floor's libraries do and as a user's install
    # does (pip compiles a regular install; Python writes __pycache__ on an editable
    # one's first run). Where PYTHONDONTWRITEBYTECODE is set, as on our machines, every
    # timed process would otherwise compile the builder's modules again (0.1-0.16 s).
    compileall.compile_dir(REPO / "builder", quiet=1)
    if args.corpus == "realistic":
        name = f"realistic-{args.articles}"
    else:
        name = f"{args.corpus}-{args.articles}x{args.words}x{args.annotations}-g{args.terms}"
    site = WORK / name
    if not (site / ".complete").exists():
        print(f"generating {site} ...", file=sys.stderr)
        if args.corpus == "realistic":
            realistic(site, args.articles)
        else:
            light = args.corpus == "light"
            generate(site, args.articles, args.words, args.annotations, args.terms, 1, light)
        (site / ".complete").write_text("")
    # A kept corpus gets the repository's current layouts: the build checks every link.
    shutil.rmtree(site / "layouts")
    shutil.copytree(REPO / "layouts", site / "layouts")
    build = [PYTHON, "-m", "builder", "build", "--site", str(site), "-q"]
    if args.jobs:
        build += ["--jobs", str(args.jobs)]
    if args.corpus == "realistic":
        mid = f"{BUNDLED}-{args.articles // 2:05d}"
        note, definition = "note: >-\n      ", "definition: >-\n  "
        entry = site / "content/glossary/foal-eagle.yaml"  # used by every article
        title = 'title: "'
    else:
        mid = f"article-{args.articles // 2:05d}"
        note, definition = "note: |\n      ", "definition: |\n  "
        entry = sorted((site / "content/glossary").glob("*.yaml"))[len(args.articles * "x") % 7]
        title = 'title: "'
    sidecar = site / f"content/articles/{mid}.annotations.yaml"
    article = site / f"content/articles/{mid}.md"
    edits: dict[str, Callable[[], None]] = {
        "no-change rebuild": lambda: None,
        "one sidecar edited": lambda: toggle(sidecar, note, f"{note}Edited: "),
        "one article edited": lambda: toggle(article, "\n\n", "\n\nAn edited paragraph.\n\n"),
        "one article title edited": lambda: toggle(article, title, f"{title}Edited "),
        "one glossary definition edited": lambda: toggle(entry, definition, f"{definition}E "),
    }
    floor = [PYTHON, str(Path(__file__).parent / "floor.py"), str(site), str(WORK / "floor-out")]
    results: dict[str, list[Timing]] = {k: [] for k in ["floor", "full build", *edits]}
    memory: dict[str, Memory] = {}

    def one_run(run: Callable[[str, list[str]], None]) -> None:
        """The floor, a full build, then each edit and its rebuild, in that order."""
        if not args.no_floor:
            discard(WORK / "floor-out")
            run("floor", floor)
        for output in ("public", ".public.spare", ".cache"):  # a first build: nothing to reuse
            discard(site / output)
        run("full build", build)
        for label, make_edit in edits.items():
            make_edit()
            run(label, build)

    # Memory first, in a run of its own; then the timed runs, with nothing else running.
    print("memory run", file=sys.stderr)
    one_run(lambda label, cmd: memory.__setitem__(label, measured(cmd)))
    for run in range(args.runs):
        print(f"run {run + 1}/{args.runs}", file=sys.stderr)
        one_run(lambda label, cmd: results[label].append(timed(cmd)))
    ratios = [
        b.seconds / f.seconds for b, f in zip(results["full build"], results["floor"], strict=False)
    ]
    shutil.rmtree(TRASH, ignore_errors=True)  # the timings are over
    clean = WORK / "clean-out"
    shutil.rmtree(clean, ignore_errors=True)
    subprocess.run([*build, "--no-cache", "--out", str(clean)], check=True)
    identical = subprocess.run(["diff", "-rq", str(site / "public"), str(clean)]).returncode == 0

    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    print(
        f"\n{name}: {pages} pages, {os.cpu_count()} cores, jobs={args.jobs or 'default'}, "
        f"median of {args.runs}\n"
    )
    print("| what | wall s (min-max) | CPU s | pages/s | peak MB (RSS sum) | peak MB (PSS) |")
    print("|---|---|---|---|---|---|")
    for label, timings in results.items():
        if not timings:
            continue
        secs = [t.seconds for t in timings]
        med = statistics.median(secs)
        count = args.articles if label == "floor" else pages
        print(
            f"| {label} | {med:.2f} ({min(secs):.2f}-{max(secs):.2f}) | "
            f"{statistics.median(t.cpu for t in timings):.2f} | {count / med:.0f} | "
            f"{memory[label].peak_mb:.0f} | {memory[label].peak_pss_mb:.0f} |"
        )
    if results["floor"]:
        cpu = [b.cpu / f.cpu for b, f in zip(results["full build"], results["floor"], strict=True)]
        print(f"CPU time full build / floor: {statistics.median(cpu):.2f}")
    if ratios:
        print(
            f"\nfull build / floor (median of per-run ratios): {statistics.median(ratios):.2f}"
            f"  [{', '.join(f'{r:.2f}' for r in ratios)}]"
        )
    full = statistics.median(t.seconds for t in results["full build"])
    print(f"full build per article: {full / args.articles * 1000:.2f} ms")
    print(f"incremental output byte-identical to a clean build: {identical}")


if __name__ == "__main__":
    main()
