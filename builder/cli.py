"""Command line: `python -m builder build|check|serve`. Prints diagnostics; returns exit codes.

0: success; 1: the content has errors; 2: the command was used wrongly
(argparse's own convention).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from builder import __version__
from builder.build import BuildResult, build_site, check_site
from builder.config import base_url_problem, normalize_base_url
from builder.diagnostics import BuildFailed, format_diagnostics
from builder.progress import progress_for
from builder.serve import PreviewServer

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
        "--base-url",
        type=_base_url,
        default=None,
        metavar="URL",
        help="the address the site is published at, instead of site.yaml's base_url "
        "(e.g. for a preview deployment)",
    )
    check = commands.add_parser("check", help="validate everything a build would; write nothing")
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
    for sub in (build, check, serve):
        sub.add_argument(
            "--site",
            type=Path,
            default=Path("."),
            help="the site folder, holding site.yaml (default: current folder)",
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (such as unused glossary terms) as errors",
        )
        if sub is serve:
            continue
        sub.add_argument(
            "--format",
            choices=("text", "github", "json"),
            default="text",
            help="how to print problems (default: text)",
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    site: Path = args.site
    if args.command == "serve":
        return _serve(args)
    started = time.perf_counter()
    try:
        if args.command == "build":
            out = args.out if args.out is not None else site / "public"
            progress = progress_for(sys.stderr, quiet=args.quiet or args.format != "text")
            result = build_site(
                site, out, strict=args.strict, base_url=args.base_url, progress=progress
            )
        else:
            result = check_site(site, strict=args.strict)
    except BuildFailed as failed:
        print(format_diagnostics(failed.diagnostics, args.format), file=sys.stderr)
        errors = sum(d.severity == "error" for d in failed.diagnostics)
        if args.format == "text":
            print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return 1
    _report(args, result, time.perf_counter() - started)
    return 0


def _report(args: argparse.Namespace, result: BuildResult, seconds: float) -> None:
    if result.warnings:
        print(format_diagnostics(result.warnings, args.format), file=sys.stderr)
    if args.quiet or args.format != "text":
        return
    verb = "built" if args.command == "build" else "checked"
    where = f" into {args.out or args.site / 'public'}" if args.command == "build" else ""
    print(
        f"{verb} {result.articles} article(s), {result.terms} glossary term(s), "
        f"{len(result.files)} file(s){where} in {seconds:.2f}s"
        + (f"; {len(result.warnings)} warning(s)" if result.warnings else "")
    )


def _base_url(value: str) -> str:
    problem = base_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(
            f"{value!r} {problem}; write e.g. https://example.org/edition/"
        )
    return normalize_base_url(value)


def _serve(args: argparse.Namespace) -> int:
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


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
