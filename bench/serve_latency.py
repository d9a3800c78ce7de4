"""What a writer feels with `serve`: from saving a sidecar to the open page reloaded.

    python bench/serve_latency.py --corpus realistic --articles 1000 --edits 15

Starts `python -m builder serve` on a corpus (bench/corpus.py; kept in bench/work/), opens
an article in Debian's Chromium (Playwright, as the browser tests do), then saves an edit
of that article's sidecar again and again and times each save until the page has
reloaded with the edit in it (its `load` event). Prints each timing and the median, and
the server's own rebuild times (from what it prints).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import BUNDLED, generate, realistic  # noqa: E402
from tests.support.browser import chromium  # noqa: E402

WORK = Path(__file__).resolve().parent / "work"
PORT = 8765


def corpus(kind: str, articles: int) -> tuple[Path, str, str]:
    """The corpus folder, the edited article's slug, and the note text to edit."""
    if kind == "realistic":
        site = WORK / f"realistic-{articles}"
        if not (site / ".complete").exists():
            realistic(site, articles)
            (site / ".complete").write_text("")
        return site, f"{BUNDLED}-{articles // 2:05d}", "note: >-\n      "
    site = WORK / f"generated-{articles}x1500x20-g200"
    if not (site / ".complete").exists():
        generate(site, articles, 1500, 20, 200)
        (site / ".complete").write_text("")
    return site, f"article-{articles // 2:05d}", "note: |\n      "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("generated", "realistic"), default="realistic")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    site, slug, note = corpus(args.corpus, args.articles)
    shutil.rmtree(site / "layouts")
    shutil.copytree(Path(__file__).resolve().parent.parent / "layouts", site / "layouts")
    sidecar = site / f"content/articles/{slug}.annotations.yaml"
    original = sidecar.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", str(PORT)],
        stderr=subprocess.PIPE,
        text=True,
    )
    rebuilds: list[float] = []
    try:
        assert server.stderr is not None
        for line in server.stderr:  # the first build
            if line.startswith("serving "):
                break
        url = f"http://127.0.0.1:{PORT}/articles/{slug}/index.html"
        timings = []
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            for n in range(args.edits):
                marker = f"Edit {n} {os.getpid()}"
                text = original.replace(note, f"{note}{marker} ", 1)
                with page.expect_event("load", timeout=30_000):
                    started = time.perf_counter()
                    sidecar.write_text(text, encoding="utf-8")
                timings.append(time.perf_counter() - started)
                assert marker in page.content(), "the page reloaded without the edit"
                time.sleep(0.3)
        server.terminate()
        rest = server.communicate(timeout=30)[1]
        rebuilds = [float(s) for s in re.findall(r"built in ([0-9.]+)s", rest)]
    finally:
        sidecar.write_text(original, encoding="utf-8")
        if server.poll() is None:
            server.kill()
    print(f"{site.name}: save -> page reloaded, {len(timings)} edits")
    print("each (s):", " ".join(f"{t:.3f}" for t in timings))
    print(
        f"median {statistics.median(timings):.3f} s, min {min(timings):.3f}, max {max(timings):.3f}"
    )
    if rebuilds:
        print(f"server rebuild (median of {len(rebuilds)}): {statistics.median(rebuilds):.3f} s")


if __name__ == "__main__":
    main()
