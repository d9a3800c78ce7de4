"""Command line: `python -m builder COMMAND`. Prints diagnostics; returns exit codes.

0: success; 1: the content has errors; 2: the command was used wrongly
(argparse's own convention, also used when a file to create already exists, or when
`init` is given a folder that is not empty);
130: interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from builder import __version__
from builder.commands.review_report import run_review
from builder.commands.scaffold import ScaffoldError, import_plain_text, new_article, new_term
from builder.diagnostics import BuildFailed, Diagnostics, format_diagnostics
from builder.load.config import base_url_problem, load_config, normalize_base_url
from builder.site import SCHEMA_DIR

if TYPE_CHECKING:
    from builder.pipeline import BuildOptions, BuildResult

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build an annotated reading edition: articles + YAML annotations -> "
        "static site.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into public/")
    build.add_argument(
        "--out", type=Path, default=None, help="output folder (default: public/ in the site folder)"
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="rebuild everything, ignoring and not updating .cache/ (deleting it is also safe)",
    )
    build.add_argument(
        "--base-url",
        type=_base_url,
        default=None,
        metavar="URL",
        help="the address the site is published at, instead of site.yaml's base_url "
        "(e.g. for a preview deployment)",
    )
    check = commands.add_parser("check", help="validate everything a build would; write nothing")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="check everything anew, ignoring .cache/ (by default only what changed since the "
        "last build is checked again; check never writes the cache)",
    )
    epub = commands.add_parser(
        "epub", help="write the edition as an EPUB 3 e-book (default: public/<title>.epub)"
    )
    epub.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the EPUB file to write (default: public/<site title as a slug>.epub)",
    )
    epub.add_argument(
        "--no-cache",
        action="store_true",
        help="annotate every article anew instead of reading back what the last build made",
    )
    serve = commands.add_parser(
        "serve", help="preview on localhost; rebuild and reload the browser on every change"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--strict", action="store_true", help="treat warnings as errors in the preview"
    )
    fix = commands.add_parser("fix", help="rewrite drifted quotes in the sidecars")
    stats = commands.add_parser("stats", help="annotations by kind, glossary coverage, drift")
    schemas = commands.add_parser("schemas", help=f"write JSON Schemas to {SCHEMA_DIR}/")
    new = commands.add_parser("new", help="create an article or a glossary term from a template")
    new.add_argument("what", choices=("article", "term"))
    new.add_argument("name", help="the article's slug or the term's id")
    init = commands.add_parser(
        "init",
        help="create a new edition in an empty folder: settings, a sample article, "
        "CONTRIBUTING.md and GitHub workflows",
    )
    init.add_argument("folder", type=Path, help="the new edition's folder (new or empty)")
    imp = commands.add_parser(
        "import",
        help="make an article from pasted text (.txt) or a saved web page (.html), or add "
        "annotations from a Hypothesis (.json) or W3C Web Annotation (.jsonld) export",
    )
    imp.add_argument("file", type=Path, help="a .txt, .html, .htm, .json or .jsonld file")
    imp.add_argument(
        "--slug",
        default=None,
        help="the new article's slug (default: from the file name); for .json and .jsonld, "
        "the article whose sidecar receives the annotations (required)",
    )

    review = commands.add_parser("review", help="what the content changed since a git revision")
    review.add_argument("base", help="the git revision to compare with, e.g. origin/main")
    review.add_argument("--format", choices=("markdown", "json"), default="markdown")
    for sub in (build, check, epub, serve, fix, stats, schemas, new, imp, review):
        sub.add_argument(
            "--site",
            type=Path,
            default=Path("."),
            help="the site folder, holding site.yaml (default: current folder)",
        )
    for sub in (build, check, epub, fix, stats):
        sub.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (unused glossary terms, drifted quotes, plain "
            "http URLs) as errors",
        )
        sub.add_argument(
            "--format",
            choices=("text", "github", "json"),
            default="text",
            help="how to print problems (default: text)",
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
        sub.add_argument(
            "-j",
            "--jobs",
            type=_positive_int,
            default=None,
            metavar="N",
            help="processes for the per-article work (default: one per core); "
            "the output is the same for any N",
        )
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return _COMMANDS[args.command](args)
    except BuildFailed as failed:
        fmt = getattr(args, "format", "text")
        print(format_diagnostics(failed.diagnostics, fmt), file=sys.stderr)
        if fmt == "text":
            errors = sum(d.severity == "error" for d in failed.diagnostics)
            print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return 1
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Before the swap the previous site is untouched; after it the new one is whole.
        print("interrupted; nothing half-written was left in the output folder.", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = args.out if args.out is not None else args.site / "public"
    # The pipeline and the cache are imported by the commands that build: `new`, `import`
    # and `init` start without them (0.15 s).
    from builder.incremental.cache import BuildCache
    from builder.incremental.memo import NO_MEMO
    from builder.pipeline import build_site

    memo = NO_MEMO if args.no_cache else BuildCache.open(args.site, output=out)
    result = build_site(args.site, out, _options(args), memo)
    if isinstance(memo, BuildCache):
        memo.save()
    _report(args, result, f"built {_summary(result)} into {out}", started)
    return 0


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    public = args.site / "public"  # pages unchanged since the last build are read from it
    from builder.incremental.cache import BuildCache
    from builder.incremental.memo import NO_MEMO
    from builder.pipeline import check_site

    memo = NO_MEMO if args.no_cache else BuildCache.open(args.site, public, read_only=True)
    result = check_site(args.site, _options(args), memo)
    _report(args, result, f"checked {_summary(result)}", started)
    return 0


def _epub(args: argparse.Namespace) -> int:
    from builder.incremental.cache import BuildCache
    from builder.incremental.memo import NO_MEMO
    from builder.pipeline import epub_site

    started = time.perf_counter()
    public = args.site / "public"  # what the last build annotated is read back, not redone
    memo = NO_MEMO if args.no_cache else BuildCache.open(args.site, public, read_only=True)
    target, result = epub_site(args.site, args.out, _options(args), memo)
    counts = f"{len(result.articles)} article(s), {len(result.glossary.entries)} glossary term(s)"
    _report(args, result, f"wrote {counts} as an e-book to {target}", started)
    return 0


def _options(args: argparse.Namespace) -> BuildOptions:
    from builder.pipeline import BuildOptions
    from builder.progress import progress_for

    quiet = getattr(args, "quiet", False) or getattr(args, "format", "text") != "text"
    return BuildOptions(
        strict=getattr(args, "strict", False),
        jobs=getattr(args, "jobs", None),
        base_url=getattr(args, "base_url", None),
        progress=progress_for(sys.stderr, quiet=quiet),
    )


def _fix(args: argparse.Namespace) -> int:
    from builder.pipeline import BuildOptions, check_site

    result = check_site(args.site, BuildOptions(jobs=args.jobs))
    drifts = [drift for item in result.articles for drift in item.drifts]
    from builder.commands.fix import fix_drifts  # each command imports its own module

    edits = fix_drifts(args.site, drifts)
    for edit in edits:
        print(
            f"{edit.path}:{edit.line}: {edit.field}: {json.dumps(edit.old)} -> "
            f"{json.dumps(edit.new)}"
        )
    if not args.quiet:
        print(f"fixed {len(edits)} value(s) in {len({e.path for e in edits})} file(s)")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from builder.pipeline import BuildOptions, check_site

    result = check_site(args.site, BuildOptions(strict=args.strict, jobs=args.jobs))
    from builder.commands.stats import format_stats, site_stats

    stats = site_stats(result.articles, result.glossary)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "articles": [
                        {
                            "slug": r.slug,
                            "annotations": r.by_kind,
                            "auto_links": r.auto_links,
                            "terms_used": r.terms_used,
                            "drifted": r.drifted,
                            "author_notes": r.author_notes,
                        }
                        for r in stats.articles
                    ],
                    "glossary_terms": stats.glossary_terms,
                    "unused_terms": list(stats.unused_terms),
                },
                indent=2,
            )
        )
    else:
        print(format_stats(stats))
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from builder.commands.schemas import dump, site_schemas

    diags = Diagnostics()
    config = load_config(args.site, diags)
    diags.raise_if_errors()
    assert config is not None
    folder = args.site / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    for name, schema in site_schemas(config).items():
        (folder / name).write_text(dump(schema), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR}/{name}")
    return 0


def _new(args: argparse.Namespace) -> int:
    make = new_article if args.what == "article" else new_term
    for path in make(args.site, args.name):
        print(f"created {path}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from builder.commands.init import REQUIREMENTS, init_site

    made = init_site(args.folder)
    for path in made.files:
        print(f"created {path}")
    if made.requirement:
        print(f"{REQUIREMENTS} installs {made.requirement} in the workflows")
    else:
        print(
            f"next: name where the workflows get this builder in {args.folder / REQUIREMENTS} "
            "(it is not on PyPI; the file says how)"
        )
    print(f"then: python -m builder serve --site {args.folder}")
    return 0


def _import(args: argparse.Namespace) -> int:
    kind = args.file.suffix.lower()
    if kind == ".txt":
        print(f"created {import_plain_text(args.site, args.file, args.slug)}")
        return 0
    if kind in {".html", ".htm"}:
        # BeautifulSoup is imported only here: it adds 0.1 s to every other command's start.
        from builder.commands.import_html import import_html_page

        print(f"created {import_html_page(args.site, args.file, args.slug)}")
        return 0
    if kind in {".json", ".jsonld"}:
        return _import_annotations(args)
    raise ScaffoldError(
        f"{args.file}: cannot import a '{args.file.suffix or args.file.name}' file; expected "
        ".txt (pasted text), .html or .htm (a saved web page), .json (a Hypothesis export) "
        "or .jsonld (W3C Web Annotations)"
    )


def _import_annotations(args: argparse.Namespace) -> int:
    from builder.commands.import_notes import import_annotations

    done = import_annotations(args.site, args.file, args.slug)
    for line in done.skipped:
        print(line, file=sys.stderr)
    if done.problems:
        print(format_diagnostics(done.problems, "text"), file=sys.stderr)
    verb = "created" if done.created and done.added else "added to"
    if done.added:
        print(f"{verb} {done.sidecar}: {len(done.added)} annotation(s) from {args.file}")
    else:
        print(f"nothing added to {done.sidecar}", file=sys.stderr)
    if done.problems:
        print(f"{len(done.problems)} annotation(s) not imported; see above.", file=sys.stderr)
        return 1
    return 0


def _base_url(value: str) -> str:
    problem = base_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(
            f"{value!r} {problem}; write e.g. https://example.org/edition/"
        )
    return normalize_base_url(value)


def _serve(args: argparse.Namespace) -> int:
    from builder.commands.serve import (
        PreviewServer,  # http.server and sockets: only for this command
    )

    try:
        preview = PreviewServer(args.site, args.bind, args.port, strict=args.strict)
    except OSError as exc:
        print(f"cannot listen on {args.bind}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        preview.start()
        print(f"serving {preview.url} (Ctrl+C to stop)", file=sys.stderr)
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    return 0


_COMMANDS = {
    "build": _build,
    "check": _check,
    "epub": _epub,
    "fix": _fix,
    "stats": _stats,
    "schemas": _schemas,
    "serve": _serve,
    "new": _new,
    "init": _init,
    "import": _import,
    "review": run_review,
}


def _summary(result: BuildResult) -> str:
    return (
        f"{len(result.articles)} article(s), {len(result.glossary.entries)} glossary term(s), "
        f"{len(result.files)} file(s)"
    )


def _report(args: argparse.Namespace, result: BuildResult, done: str, started: float) -> None:
    if result.warnings:
        print(format_diagnostics(result.warnings, args.format), file=sys.stderr)
    if args.quiet or args.format != "text":
        return
    warnings = f"; {len(result.warnings)} warning(s)" if result.warnings else ""
    print(f"{done} in {time.perf_counter() - started:.2f}s{warnings}")


GC_THRESHOLDS = (100_000, 50, 100)
"""A build makes millions of small objects that live until it ends; at CPython's default
(700 allocations) the collector walked them again and again: about 8 % of a full build's
CPU and 0.2 s of an incremental one at 1000 articles (docs/performance.md)."""


def main_entry() -> None:
    """Console-script entry point (and `python -m builder`): a process of its own."""
    gc.set_threshold(*GC_THRESHOLDS)  # inherited by forked workers
    status = main()
    gc.freeze()  # cycles left (a parsed page: 100,000 objects) not collected at exit: 0.06 s
    sys.exit(status)
