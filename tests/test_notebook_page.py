"""Promise 2: the exercise notebook page: executed by mkdocs-jupyter, light, downloads
resolve."""

import urllib.request

from tests.site import page_soup

NOTEBOOK_PAGE = "exercise-notebook/index.html"


def test_notebook_page_is_under_250_kb_and_keeps_no_inline_styles(site):
    html = (site / NOTEBOOK_PAGE).read_text(encoding="utf-8")
    assert len(html.encode()) < 250 * 1024
    assert (
        "<style" not in html
        and "cdnjs" not in html
        and '<script type="module">' not in html
    )
    assert "jp-OutputArea-output" in html, "the notebook was not executed: no outputs"


def test_notebook_outputs_match_the_exercise_page(site):
    """The kernel's output of the solution cell is what the exercise page shows for
    it."""
    notebook = page_soup(site / NOTEBOOK_PAGE)
    # A kernel may send one cell's stdout in several chunks: join them per cell.
    outputs = [
        "".join(pre.get_text() for pre in cell.select(".jp-OutputArea-output pre"))
        for cell in notebook.select(".jp-CodeCell")
    ]
    exercise = page_soup(site / "exercise/index.html")
    shown = [
        b.select_one(".lesson-output pre code").get_text()
        for b in exercise.select("div.lesson-run")
        if b.select_one(".lesson-output pre code")
    ]
    assert shown and all(any(s.strip() == o.strip() for o in outputs) for s in shown)


def test_every_download_link_resolves(site, served_site):
    base, pages = served_site
    links = set()
    for path in pages:
        soup = page_soup(site / path / "index.html")
        for a in soup.select("a[download]"):
            links.add(urllib.request.urljoin(base + path, a["href"]))
    assert len(links) >= 14
    for link in sorted(links):
        with urllib.request.urlopen(link) as response:
            assert response.status == 200 and len(response.read()) > 100, link


# Colab links open committed notebooks: tests/test_publish_links.py (a local build has
# none).
