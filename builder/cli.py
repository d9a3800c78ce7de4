"""Command line: `python -m builder build|check`. Prints diagnostics; returns exit codes.

0: success; 1: the content has errors; 2: the command was used wrongly
(argparse's own convention); 130: interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from builder import __version__
from builder.build import BuildResult, build_site, check_site
from builder.diagnostics import BuildFailed, format_diagnostics

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
    check = commands.add_parser("check", help="validate everything a build would; write nothing")
    for sub in (build, check):
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
    started = time.perf_counter()
    try:
        if args.command == "build":
            out = args.out if args.out is not None else site / "public"
            result = build_site(site, out, strict=args.strict)
        else:
            result = check_site(site, strict=args.strict)
    except BuildFailed as failed:
        print(format_diagnostics(failed.diagnostics, args.format), file=sys.stderr)
        errors = sum(d.severity == "error" for d in failed.diagnostics)
        if args.format == "text":
            print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Before the swap the previous site is untouched; after it the new one is whole.
        print("interrupted; nothing half-written was left in the output folder.", file=sys.stderr)
        return 130
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


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
