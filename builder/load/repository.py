"""site.yaml's `repository` -> Repository: where the edition's files live on a forge.

With it, pages link each note and glossary entry to the line of the file it was
written in ("Edit this note"). GitHub and GitLab addresses are known by their host;
any other forge is described by `view_url` and `edit_url` templates. The reader's
"suggest a note" panel links to the sidecar in the forge's web editor and to a new issue
with the entry filled in (`issue_url`, known for GitHub and GitLab).
"""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass
from urllib.parse import urlsplit

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.schema import Checked, Field, url_problem

log = logging.getLogger(__name__)

PLACEHOLDERS = ("url", "branch", "path", "line")
"""What a `view_url` or `edit_url` template may name: the repository's `url`, the
`branch`, the file's `path` inside the repository (the site's `path` included) and
the `line` (1 when a link names no line)."""

_TEMPLATE_HELP = "a URL with {url} {branch} {path} {line}, for a forge not known by its host"
REPOSITORY_FIELD = Field(
    "repository",
    "mapping",
    help="where the edition's files are on GitHub, GitLab or another forge: "
    "notes and glossary pages link to the line they are written on",
    fields=(
        Field(
            "url",
            "url",
            required=True,
            help="the repository's address, e.g. https://github.com/OWNER/REPO",
            schemes=("https",),
        ),
        Field("branch", "text", help="the branch the links show (default main)", default="main"),
        Field("path", "folder", help="the site's folder inside the repository (default its root)"),
        Field("view_url", "text", help=_TEMPLATE_HELP + ": a file at a line"),
        Field("edit_url", "text", help=_TEMPLATE_HELP + ": a file in the web editor"),
        Field(
            "issue_url",
            "text",
            help="a URL with {url} {title} {body}: a new issue with that title and text "
            "(the suggest panel's link), for a forge not known by its host",
        ),
    ),
)

_KNOWN: dict[str, tuple[str, str]] = {
    "github": ("{url}/blob/{branch}/{path}#L{line}", "{url}/edit/{branch}/{path}"),
    "gitlab": ("{url}/-/blob/{branch}/{path}#L{line}", "{url}/-/edit/{branch}/{path}"),
}
_KNOWN_ISSUES = {
    "github": "{url}/issues/new?title={title}&body={body}",
    "gitlab": "{url}/-/issues/new?issue[title]={title}&issue[description]={body}",
}
ISSUE_PLACEHOLDERS = ("url", "title", "body")
_SAMPLE = {"url": "https://forge.example/o/r", "branch": "main", "path": "a/b.yaml", "line": "1"}


@dataclass(frozen=True, slots=True)
class Repository:
    url: str
    """Without a trailing slash."""
    branch: str = "main"
    path: str = ""
    """The site's folder inside the repository: '' for its root, else ending in '/'."""
    view_template: str = _KNOWN["github"][0]
    edit_template: str = _KNOWN["github"][1]
    issue_template: str = _KNOWN_ISSUES["github"]
    """'' when the forge is not known and site.yaml gives no `issue_url`."""

    def view_url(self, rel: str, line: int = 1) -> str:
        """Return the address that shows site file `rel` at `line` on the forge."""
        return self._fill(self.view_template, rel, line)

    def edit_url(self, rel: str) -> str:
        """Return the address of the forge's web editor for site file `rel`."""
        return self._fill(self.edit_template, rel, 1)

    def new_issue_url(self) -> str:
        """The address of a new issue with `{title}` and `{body}` left for the page's
        script to fill (URL-encoded), or '' when there is no such address."""
        if not self.issue_template:
            return ""
        return self.issue_template.format(url=self.url, title="{title}", body="{body}")

    def _fill(self, template: str, rel: str, line: int) -> str:
        values = {"url": self.url, "branch": self.branch, "path": self.path + rel}
        return template.format(line=line, **values)


def forge_of(url: str) -> str:
    """Name the forge a repository address is on ('github', 'gitlab'), or ''."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host in {"github.com", "www.github.com"}:
        return "github"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return "gitlab"
    return ""


def load_repository(checked: Checked, diags: Diagnostics) -> Repository | None:
    """Make the Repository of a checked `repository` mapping; None when it is unusable
    (reported)."""
    values = checked.values
    if "url" not in values or any(name not in values for name in checked.nodes):
        return None  # the problem is reported
    url = values["url"].rstrip("/").removesuffix(".git")
    forge = forge_of(url)
    view, edit = _KNOWN.get(forge, ("", ""))
    ok = True
    for name in ("view_url", "edit_url"):
        if name in values and not _template_ok(values[name], checked.loc(name), name, diags):
            ok = False
    if "issue_url" in values and not _issue_template_ok(
        values["issue_url"], checked.loc("issue_url"), diags
    ):
        ok = False
    issue = values.get("issue_url", _KNOWN_ISSUES.get(forge, ""))
    view = values.get("view_url", view)
    edit = values.get("edit_url", edit or view.split("#", 1)[0])
    if not view:
        diags.error(
            checked.loc("url"),
            "unknown-forge",
            f"cannot tell how to link to files on {url!r}: only GitHub and GitLab "
            "addresses are known",
            "add `view_url:` (and `edit_url:`), e.g. "
            "`view_url: '{url}/src/branch/{branch}/{path}#L{line}'`",
        )
        return None
    if not ok:
        return None
    path = values.get("path", "").strip().strip("/")
    return Repository(url, values["branch"].strip(), f"{path}/" if path else "", view, edit, issue)


def _placeholders(
    template: str, loc: SourceLocation, name: str, diags: Diagnostics
) -> set[str] | None:
    """The placeholders a template names; None when it does not parse (reported)."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as exc:
        diags.error(
            loc,
            "bad-template",
            f"'{name}' is not a valid template ({exc})",
            "write placeholders as {path}; double a literal brace: {{",
        )
        return None


def _issue_template_ok(template: str, loc: SourceLocation, diags: Diagnostics) -> bool:
    """Report an `issue_url` that names an unknown placeholder or does not make a URL."""
    fields = _placeholders(template, loc, "issue_url", diags)
    if fields is None:
        return False
    unknown = sorted(fields - set(ISSUE_PLACEHOLDERS))
    sample = {"url": _SAMPLE["url"], "title": "t", "body": "b"}
    problem = "" if unknown else url_problem(template.format(**sample), ("https", "http"))
    if unknown or problem or "body" not in fields:
        diags.error(
            loc,
            "bad-template",
            f"'issue_url' does not make a new issue's address: "
            f"{f'it names {{{unknown[0]}}}' if unknown else problem or 'it has no {body}'}",
            "write e.g. `https://forge.example/OWNER/REPO/issues/new?title={title}&body={body}`",
        )
        return False
    return True


def _template_ok(template: str, loc: SourceLocation, name: str, diags: Diagnostics) -> bool:
    """Report a template that names an unknown placeholder or does not make a URL."""
    fields = _placeholders(template, loc, name, diags)
    if fields is None:
        return False
    unknown = sorted(fields - set(PLACEHOLDERS))
    if unknown:
        diags.error(
            loc,
            "bad-template",
            f"'{name}' names unknown placeholder '{{{unknown[0]}}}'",
            "use {url}, {branch}, {path} and {line}",
        )
        return False
    problem = url_problem(template.format(**_SAMPLE), ("https", "http"))
    if problem or "path" not in fields:
        diags.error(
            loc,
            "bad-template",
            f"'{name}' does not make a file's address: {problem or 'it has no {path}'}",
            "write e.g. `https://forge.example/OWNER/REPO/src/{branch}/{path}#L{line}`",
        )
        return False
    return True
