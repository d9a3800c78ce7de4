"""The output folder: atomic swap, interruption at any moment, locking, write errors,
reproducible bytes and no stale files."""

from __future__ import annotations

import errno
import hashlib
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import article_slug, generate
from builder.cli import main
from builder.diagnostics import BuildFailed
from builder.incremental.memo import OutputState
from builder.pipeline import build_site
from builder.site import Deflated, OutputFile, Staged
from builder.write import output
from builder.write.lock import build_lock, lock_path
from builder.write.update import update_site
from tests.support import essay
from tests.support.sites import REPO, MakeSite
from tests.support.snapshots import tree

ARTICLE = "---\ntitle: A\n---\nThe six-party talks met.\n"


def run_build(site: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--site", str(site), "-q", *args],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith((".public.tmp", ".public.old"))
    )


@pytest.fixture
def small_site(make_site: MakeSite) -> Path:
    site = make_site({"content/articles/a.md": ARTICLE, "content/articles/b.md": ARTICLE})
    assert main(["build", "--site", str(site), "-q"]) == 0
    return site


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site whose build writes a few hundred pages, with a built public/."""
    site = tmp_path_factory.mktemp("large") / "site"
    generate(site, articles=150, words=600, annotations=20, terms=40)
    done = run_build(site)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    return site


# --- killed, interrupted or failing mid-way ---


def caught_writing(site: Path, proc: subprocess.Popen[str]) -> bool:
    """Wait until the build writes its temporary folder; False if it ended first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        # Its own folder: one a killed build left would be there before it starts.
        if f".public.tmp-{proc.pid}" in os.listdir(site):
            return True
        if proc.poll() is not None:
            return False  # on a busy machine the whole write can fall between two looks
        time.sleep(0.001)
    raise AssertionError("the build never started writing")


FIRST = article_slug(0)


def change_an_article(site: Path, attempt: int) -> None:
    """Make the next build differ from public/ (so a swap would show)."""
    (site / f"content/articles/{FIRST}.md").write_text(
        f"---\ntitle: Changed {attempt}\n---\nChanged text {attempt}.\n"
    )
    (site / f"content/articles/{FIRST}.annotations.yaml").unlink(missing_ok=True)


def new_site_is_whole(public: Path, attempt: int, pages: int) -> bool:
    """Say whether public/ is the complete site of this attempt (the swap came first)."""
    page = public / f"articles/{FIRST}/index.html"
    return f"Changed text {attempt}." in page.read_text() and (
        len(list(public.rglob("*.html"))) == pages
    )


def test_sigkill_while_writing_leaves_public_byte_identical(large_site: Path) -> None:
    public = large_site / "public"
    pages = len(list(public.rglob("*.html")))
    for attempt in range(5):
        before = tree(public)
        change_an_article(large_site, attempt)
        proc = run_build(large_site)
        caught = caught_writing(large_site, proc)
        if caught:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        if caught and tree(public) == before:
            break  # killed while writing: public/ is byte for byte the previous site
        # On a busy machine the build may finish, swap included, before the signal lands.
        assert new_site_is_whole(public, attempt, pages)
    else:
        pytest.fail("five builds ended before they could be killed while writing")
    assert proc.returncode == -signal.SIGKILL
    assert leftovers(large_site)  # a half-written temporary folder stays behind...

    done = run_build(large_site)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert leftovers(large_site) == []  # ...until the next build removes it
    assert new_site_is_whole(public, attempt, pages)


@pytest.mark.parametrize("delay", [0.2, 0.6])
def test_sigkill_at_other_moments_leaves_public_byte_identical(
    large_site: Path, delay: float
) -> None:
    public = large_site / "public"
    before = tree(public)
    proc = run_build(large_site)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert tree(public) == before


def test_sigint_while_writing_cleans_up_and_keeps_public(large_site: Path) -> None:
    public = large_site / "public"
    pages = len(list(public.rglob("*.html")))
    before = tree(public)
    change_an_article(large_site, 99)
    proc = run_build(large_site)
    caught_writing(large_site, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode in {0, 130}, err
    if proc.returncode == 130:
        assert "interrupted; nothing half-written was left" in err
    assert tree(public) == before or new_site_is_whole(public, 99, pages)
    assert leftovers(large_site) == []


def test_a_failing_write_reports_a_full_disk_and_keeps_public(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(small_site / "public")
    written: list[Path] = []
    real = Path.write_bytes

    def fill_up(path: Path, data: bytes) -> int:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    capsys.readouterr()
    assert main(["build", "--site", str(small_site), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert f"{small_site / 'public'}:1:1: error[write-failed]: cannot write the site to" in err
    assert "No space left on device" in err and "hint: free some disk space" in err
    assert tree(small_site / "public") == before
    assert leftovers(small_site) == []


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_build_failing_after_pages_were_written_to_its_stage_leaves_nothing(
    small_site: Path, cache: list[str]
) -> None:
    """A full build writes article pages into its new tree as they are made; a later
    failure (here the home layout) removes that tree and leaves public/ as it was."""
    shutil.rmtree(small_site / ".cache", ignore_errors=True)  # a full build: it stages
    before = tree(small_site / "public")
    (small_site / "layouts/home.html").write_text("{% if %}", encoding="utf-8")
    staged: list[Path] = []
    real = output.Stage.hold

    def spy(self: output.Stage, file: OutputFile) -> OutputFile:
        staged.append(self.tmp / file.path)
        return real(self, file)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(output.Stage, "hold", spy)
        assert main(["build", "--site", str(small_site), "-q", *cache]) == 1
    assert staged and all(str(p).startswith(str(small_site / ".public.tmp-")) for p in staged)
    assert tree(small_site / "public") == before
    assert leftovers(small_site) == []


def test_the_files_a_staged_build_returns_read_from_the_output_folder(
    small_site: Path,
) -> None:
    shutil.rmtree(small_site / ".cache")
    result = build_site(small_site, small_site / "public")
    staged = [f for f in result.files if isinstance(f.data, Staged)]
    assert staged  # the article pages
    for file in result.files:
        assert file.content == (small_site / "public" / file.path).read_bytes()


def test_an_exception_mid_write_keeps_public(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(small_site / "public")

    def explode(path: Path, data: bytes) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Path, "write_bytes", explode)
    with pytest.raises(RuntimeError):
        build_site(small_site, small_site / "public")
    assert tree(small_site / "public") == before
    assert leftovers(small_site) == []


def test_keyboard_interrupt_exits_130(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(small_site / "public")

    def interrupt(path: Path, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupt)
    assert main(["build", "--site", str(small_site), "--no-cache"]) == 130
    assert "interrupted; nothing half-written was left" in capsys.readouterr().err
    assert tree(small_site / "public") == before


def test_a_build_killed_between_the_two_renames_is_repaired(small_site: Path) -> None:
    public = small_site / "public"
    before = tree(public)
    # Where folders cannot be exchanged, the old site is renamed aside first.
    public.rename(small_site / ".public.old-99999")
    (small_site / ".public.tmp-99999").mkdir()
    output.recover(public)
    assert tree(public) == before
    assert leftovers(small_site) == []


def test_the_rename_aside_swap_works_where_exchange_is_missing(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    (small_site / "content/articles/b.md").unlink()
    build_site(small_site, small_site / "public")
    assert not (small_site / "public/articles/b").exists()
    assert (small_site / "public/articles/a/index.html").is_file()
    assert leftovers(small_site) == []


def test_the_swap_is_one_atomic_exchange_on_linux(small_site: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    a, b = small_site / "x", small_site / "y"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    assert output._exchange(a, b)
    assert (b / "f").read_text() == "a" and not (a / "f").exists()


# --- the lock ---


def test_a_second_build_waits_for_the_first(small_site: Path) -> None:
    public = small_site / "public"
    with build_lock(public):
        proc = run_build(small_site)
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        assert ready, "the second build said nothing while it waited"
        said = proc.stderr.readline()
        assert f"waiting for another build of {public} to finish (pid {os.getpid()}" in said
        assert proc.poll() is None  # still waiting
        assert lock_path(public).read_text().strip() == str(os.getpid())
        (small_site / "content/articles/c.md").write_text(ARTICLE)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, said + err
    assert (public / "articles/c/index.html").is_file()  # read after the first build ended


def test_a_build_that_cannot_get_the_lock_fails_clearly(small_site: Path) -> None:
    public = small_site / "public"
    with build_lock(public), pytest.raises(BuildFailed) as failed:
        with build_lock(public, timeout=0.2):
            pass
    [diag] = failed.value.diagnostics
    assert diag.code == "output-locked"
    assert f"another build of {public} (pid {os.getpid()}) is still running" in diag.message


def test_concurrent_builds_all_succeed_and_leave_one_whole_site(small_site: Path) -> None:
    procs = [run_build(small_site) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert (small_site / "public/articles/a/index.html").is_file()
    assert leftovers(small_site) == []


# --- where the output cannot go ---


def test_output_under_a_file_is_a_clear_error(
    small_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = small_site / "blocker"
    blocker.write_text("a file")
    assert main(["build", "--site", str(small_site), "--out", str(blocker / "public")]) == 1
    err = capsys.readouterr().err
    assert f"{blocker / 'public'}:1:1: error[write-failed]: " in err
    assert "hint: a file stands where a folder is needed" in err


def test_a_folder_that_is_not_a_built_site_is_refused(
    small_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.odt").write_text("years of work")
    assert main(["build", "--site", str(small_site), "--out", str(documents)]) == 1
    assert "error[bad-output]" in capsys.readouterr().err
    assert (documents / "thesis.odt").is_file()
    pages = tmp_path / "gh-pages"
    shutil.copytree(small_site / "public", pages)
    (pages / ".git").mkdir()
    assert main(["build", "--site", str(small_site), "--out", str(pages)]) == 1
    assert "a .git folder" in capsys.readouterr().err


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may create files in, even root (CI runs as root)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    # runuser -u nobody cannot run this interpreter when it lives under /root (0700),
    # so the write is made to fail with the immutable attribute instead.
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr to make a folder unwritable for root")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_output_folder_is_a_clear_error(
    small_site: Path, unwritable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--site", str(small_site), "--out", str(unwritable / "public")]) == 1
    err = capsys.readouterr().err
    assert f"{unwritable / 'public'}:1:1: error[write-failed]: " in err
    assert "Permission denied" in err or "Operation not permitted" in err
    assert f"hint: check that you may write to {unwritable}" in err


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system, mounted for the test (needs root): room for one small site."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        pytest.skip("mounting a small tmpfs needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_a_clear_error_and_keeps_public(
    small_site: Path, tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tiny_disk / "public"
    assert main(["build", "--site", str(small_site), "--out", str(out), "-q"]) == 0
    before = tree(out)
    words = " ".join(f"word{i}" for i in range(200_000))
    (small_site / "content/articles/big.md").write_text(f"---\ntitle: Big\n---\n{words}\n")
    capsys.readouterr()
    assert main(["build", "--site", str(small_site), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error[write-failed]" in err and "No space left on device" in err
    assert tree(out) == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == [".public.lock", "public"]


# --- reproducible, no stale files ---


def copy_edition(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("site.yaml", "content", "layouts"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.mark.parametrize("language", ["en", "ar"])
def test_builds_in_different_folders_and_hash_seeds_are_byte_identical(
    tmp_path: Path, language: str
) -> None:
    """Also under different machine locales: dates and plurals come from CLDR data for the
    site's language, never from the locale the build runs in."""
    trees = []
    for seed, where, locale in [("1", "zqone/site", "C.UTF-8"), ("2", "zqtwo/elsewhere", "de_DE")]:
        site = copy_edition(tmp_path / where)
        for rel, text in essay.FILES.items():  # and an article with its author's own notes
            (site / rel).write_text(text, encoding="utf-8")
        config = (site / "site.yaml").read_text(encoding="utf-8")
        config = config.replace("language: en", f"language: {language}")
        (site / "site.yaml").write_text(config, encoding="utf-8")
        env = {
            "LC_ALL": locale,
            "LANG": locale,
            "TZ": "Pacific/Kiritimati" if seed == "2" else "UTC",
        }
        proc = run_build(site, PYTHONHASHSEED=seed, USER=f"user{seed}", HOME=str(tmp_path), **env)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        trees.append(site / "public")
    first, second = trees
    files = sorted(p.relative_to(first) for p in first.rglob("*"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*"))
    for rel in files:
        if (first / rel).is_file():
            assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    text = "".join(p.read_text() for p in first.rglob("*.html"))
    assert str(tmp_path) not in text and "zqone" not in text and "user1" not in text


def test_source_date_epoch_sets_every_modification_time(small_site: Path) -> None:
    proc = run_build(small_site, SOURCE_DATE_EPOCH="1366329600")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    public = small_site / "public"
    times = {int(p.stat().st_mtime) for p in [public, *public.rglob("*")]}
    assert times == {1366329600}


def test_a_malformed_source_date_epoch_is_an_error(small_site: Path) -> None:
    proc = run_build(small_site, SOURCE_DATE_EPOCH="yesterday")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "SOURCE_DATE_EPOCH:1:1: error[bad-environment]:" in err


def test_a_deleted_article_leaves_no_stale_page(small_site: Path) -> None:
    assert (small_site / "public/articles/b/index.html").is_file()
    (small_site / "content/articles/b.md").unlink()
    assert main(["build", "--site", str(small_site), "-q"]) == 0
    assert not (small_site / "public/articles/b").exists()


def test_a_symlinked_output_folder_is_built_in_place(small_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    shutil.copytree(small_site / "public", target)
    shutil.rmtree(small_site / "public")
    (small_site / "public").symlink_to(target)
    (small_site / "content/articles/b.md").unlink()
    assert main(["build", "--site", str(small_site), "-q"]) == 0
    assert (small_site / "public").is_symlink()
    assert not (target / "articles/b").exists() and (target / "articles/a/index.html").is_file()


def test_lock_threads_in_one_process_take_turns(small_site: Path) -> None:
    order: list[str] = []

    def hold(name: str) -> None:
        with build_lock(small_site / "public"):
            order.append(f"{name} in")
            time.sleep(0.2)
            order.append(f"{name} out")

    threads = [threading.Thread(target=hold, args=(n,)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


def test_in_place_update_frees_a_file_path_that_a_folder_now_needs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outputs: dict[str, OutputState] = {}
    update_site([OutputFile("a/b", b"file", "x"), OutputFile("c", b"c", "x")], out, outputs)
    files = [OutputFile("a/b/index.html", b"page", "x"), OutputFile("c", b"c", "x")]
    update_site(files, out, outputs, in_place=True)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a/b/index.html",
        "c",
    ]
    assert (out / "a/b/index.html").read_bytes() == b"page"


def test_a_file_held_compressed_keeps_its_bytes_and_their_hash() -> None:
    page = OutputFile("articles/a/index.html", b"<p>text</p>" * 100, "content/articles/a.md")
    held = page.held_compressed()
    assert held.content == page.content
    assert isinstance(held.data, Deflated) and len(held.data.blob) < len(page.content)
    assert held.sha256 == hashlib.sha256(page.content).hexdigest()
    assert held.held_compressed() is held
