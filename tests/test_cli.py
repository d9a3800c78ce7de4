from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from builder import cli
from builder.cli import main
from tests.support.builds import annotate_site
from tests.support.sites import REPO, MakeSite

ARTICLE = "---\ntitle: A\n---\nThe six-party talks met.\n"


def test_build_writes_public_and_check_writes_nothing(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    assert main(["check", "--site", str(site)]) == 0
    assert not (site / "public").exists()
    assert main(["build", "--site", str(site)]) == 0
    assert (site / "public/articles/a/index.html").is_file()
    assert "built 1 article(s)" in capsys.readouterr().out


def test_out_option(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere/index.html").is_file()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["frobnicate"], ["build", "--no-such-flag"], []):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_site_yaml_is_a_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--site", str(tmp_path)]) == 1
    assert "site.yaml:1:1: error[missing-config]" in capsys.readouterr().err


def test_strict_turns_warnings_into_errors(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/articles/a.md": ARTICLE,
            "content/glossary/unused.yaml": "term: Unused\ndefinition: Never used.\n",
        }
    )
    assert main(["check", "--site", str(site)]) == 0
    assert "warning[unused-term]" in capsys.readouterr().err
    assert main(["check", "--site", str(site), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/glossary/unused.yaml:1:1: error[unused-term]" in err


def test_json_and_github_formats(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(
        {
            "content/articles/a.md": ARTICLE,
            "content/articles/a.annotations.yaml": "annotations:\n  - kind: footnote\n"
            "    quote: nowhere\n    note: x\n",
        }
    )
    assert main(["check", "--site", str(site), "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().err)
    assert problem["code"] == "quote-not-found" and problem["line"] == 3
    assert main(["check", "--site", str(site), "--format", "github"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "::error file=content/articles/a.annotations.yaml,line=3,col=12,title=quote-not-found::"
    )


def test_output_folder_holding_the_site_is_refused(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    assert main(["build", "--site", str(site), "--out", str(site)]) == 1
    assert "error[bad-output]" in capsys.readouterr().err
    assert (site / "site.yaml").is_file()


def test_module_entry_point_runs_in_a_fresh_process(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--site", str(site), "-q"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert (site / "public/index.html").is_file()


def test_template_errors_name_the_layout_and_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    home = site / "layouts/home.html"
    home.write_text(home.read_text().replace("{% block main %}", "{% block main %}\n{% if x %}", 1))
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "layouts/home.html:" in err and "error[template-error]: template syntax error" in err
    home.write_text(home.read_text().replace("{% if x %}", "{{ no_such_variable }}"))
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "layouts/home.html:4:1: error[template-error]" in err
    assert "'no_such_variable' is undefined" in err


def test_derived_ids_are_stable_and_unique(make_site: MakeSite) -> None:

    sidecar = (
        "annotations:\n"
        "  - {kind: footnote, quote: six-party talks, note: a}\n"
        "  - {kind: footnote, quote: six-party talks met, note: b}\n"
        "  - {kind: fact, quote: met, note: c, verdict: accurate,"
        " sources: [{title: S, url: 'https://s.example/'}]}\n"
    )
    site = make_site(
        {"content/articles/a.md": ARTICLE, "content/articles/a.annotations.yaml": sidecar}
    )
    ids = [[n.id for n in annotate_site(site)[0].notes] for _ in range(2)]
    assert ids[0] == ids[1]
    assert sorted(ids[0]) == ["fact-met", "foot-six-party-talks", "foot-six-party-talks-met"]


def test_the_console_entry_raises_the_collector_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build process collects rarely (cli.GC_THRESHOLDS) and leaves its garbage to its exit
    (gc.freeze); a library caller is left alone."""
    before = gc.get_threshold()
    monkeypatch.setattr(cli, "main", lambda: 0)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main_entry()
        assert exited.value.code == 0
        assert gc.get_threshold() == cli.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this process goes on: what was frozen may be collected again
        gc.set_threshold(*before)
