"""Promise 6: publishing, a fork publishes working links without editing a file; a local
build has no dead ones.

GitHub Actions sets GITHUB_REPOSITORY and GITHUB_REPOSITORY_OWNER; scripts/site/hooks.py
(publish_address) turns them into repo_url, site_url, the edit links and the Colab
links. One extra build, with a made-up repository (warm: it reuses the shared build's
runs), checks that every such link points there. The shared build checks the other case:
with no repository, there is no repository, edit or Colab link, and no placeholder
anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, mkdocs, once_per_run
from tests.site import html_pages, page_soup

FORK, OWNER = "someone/made-up-course", "someone"
REPO = f"https://github.com/{FORK}"
PAGES = "https://someone.github.io/made-up-course/"
COLAB = f"https://colab.research.google.com/github/{FORK}/blob/main/notebooks/"


def _repository_links(site):
    """(page, href) of every link to the course's own repository: the header's
    repository link, the edit buttons, the Colab links, and any GitHub link not in a
    page's prose (which may cite other projects)."""
    for page in html_pages(site):
        soup = page_soup(page)
        prose = set(map(id, soup.select("article.md-content__inner a")))
        for a in soup.find_all("a", href=True):
            href = a["href"]
            ours = "md-source" in a.get("class", []) or "md-content__button" in a.get(
                "class", []
            )
            if (
                ours
                or "colab.research.google.com" in href
                or ("github.com" in href and id(a) not in prose)
            ):
                yield page.relative_to(site).as_posix(), href


@pytest.fixture(scope="session")
def fork_site(site, tmp_path_factory, testrun_uid):
    """The site as the deploy workflow of the fork someone/made-up-course builds it.

    Depends on the shared build, so that the execution cache is warm (LESSON_FRESH=0:
    the shared build already ran every program on this machine).
    """
    return once_per_run("fork-site", testrun_uid, lambda: _fork_site(tmp_path_factory))


def _fork_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fork") / "site"
    env = {
        "GITHUB_REPOSITORY": FORK,
        "GITHUB_REPOSITORY_OWNER": OWNER,
        "LESSON_FRESH": "0",
        "LESSON_PDF": "1",
        "SITE_URL": "",
    }
    proc = mkdocs("build", "--strict", "--site-dir", str(out), env=env)
    assert proc.returncode == 0, proc.stdout[-3000:]
    return out


def test_publish_address_from_githubs_variables():
    from scripts.site.hooks import publish_address

    assert publish_address({}) is None
    assert publish_address(
        {"GITHUB_REPOSITORY": "Ada/course", "GITHUB_REPOSITORY_OWNER": "Ada"}
    ) == ("https://github.com/Ada/course", "course", "https://ada.github.io/course/")
    assert (
        publish_address({"GITHUB_REPOSITORY": "ada/ada.github.io"})[2]
        == "https://ada.github.io/"
    )


@pytest.mark.long  # the first to ask for the fork build
def test_fork_build_links_every_repository_edit_and_colab_link_to_the_fork(fork_site):
    links = list(_repository_links(fork_site))
    wrong = [
        f"{page}: {href}"
        for page, href in links
        if not (
            href == REPO
            or href.startswith(REPO + "/")
            or href.startswith(COLAB)
            or href.startswith(PAGES)
        )
    ]
    assert not wrong, "\n".join(wrong)
    hrefs = {href for _, href in links}
    assert REPO in hrefs  # the header's repository link
    edits = sorted(h for h in hrefs if h.startswith(f"{REPO}/edit/main/docs/"))
    assert len(edits) >= 13
    for edit in edits:  # each edit link opens a file that exists
        assert (
            ROOT / "docs" / edit.removeprefix(f"{REPO}/edit/main/docs/")
        ).is_file(), edit
    colabs = sorted(h for h in hrefs if h.startswith(COLAB))
    assert len(colabs) >= 12
    for colab in colabs:  # each Colab link opens a committed notebook
        assert (ROOT / "notebooks" / colab.removeprefix(COLAB)).is_file(), colab


def test_fork_build_knows_its_pages_address(fork_site):
    index = (fork_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES}">' in index
    assert f"<loc>{PAGES}</loc>" in (fork_site / "sitemap.xml").read_text(
        encoding="utf-8"
    )


def test_fork_build_links_the_pdf_edition(fork_site):
    soup = page_soup(fork_site / "tensors" / "index.html")
    footer = {a.get_text(strip=True): a["href"] for a in soup.select(".lesson-print a")}
    assert footer == {
        "The whole course on one page, to print": "../print/",
        "PDF edition": "../pytorch-basics.pdf",
    }


def test_default_build_has_no_dead_repository_link(site):
    """Locally (no GITHUB_REPOSITORY) nothing links a repository; under Actions, the one
    building."""
    configured = os.environ.get("GITHUB_REPOSITORY", "").strip()
    for path in [*site.rglob("*.html"), *site.rglob("*.xml")]:
        assert "OWNER" not in path.read_text(encoding="utf-8"), (
            f"{path.relative_to(site)} names the OWNER placeholder"
        )
    links = list(_repository_links(site))
    if not configured:
        assert links == []
        for page in html_pages(site):
            soup = page_soup(page)
            assert not soup.select("a.md-source, a.md-content__button"), page
    else:
        assert all(
            f"/{configured}" in href or ".github.io/" in href for _, href in links
        )


def test_every_page_links_the_print_edition_and_no_pdf_it_does_not_have(site):
    for page in html_pages(site):
        if page.parent.name == "print" or page.name == "404.html":
            continue
        soup = page_soup(page)
        hrefs = [a["href"] for a in soup.select(".lesson-print a")]
        assert hrefs and hrefs[0].endswith("print/"), page
        if not (site / "pytorch-basics.pdf").is_file():
            assert not [h for h in hrefs if h.endswith(".pdf")], page
