"""The user guide (docs/user-guide): well-formed pages, local links and images only, the screenshot script."""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "user-guide"
SCRIPT = ROOT / "docs" / "make_screenshots.py"
SCRIPT_MODULES = [SCRIPT, *sorted((ROOT / "docs" / "screenshots").glob("*.py"))]  # the entry and its package
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "td", "th", "tr"}  # HTML allows leaving these open; the pages close them anyway
PAGES = sorted(GUIDE.glob("*.html"))
CHAPTERS = [p for p in PAGES if p.name != "index.html"]


class Page(HTMLParser):
    """Tags, links, images and nesting errors of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.images: list[dict[str, str]] = []
        self.tags: set[str] = set()
        self.style = ""
        self._in_style = False
        self.title = ""
        self._in_title = False
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)
        if tag == "style":
            self._in_style = True
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self._in_style = self._in_style and tag != "style"
        self._in_title = self._in_title and tag != "title"
        self._in_h1 = self._in_h1 and tag != "h1"
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '—'}> (line {self.getpos()[0]})")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))  # UnicodeDecodeError = not UTF-8
    page.close()
    return page


def local_target(page: Path, ref: str) -> Path | None:
    """The file a relative link points to (None for a same-page anchor)."""
    path = unquote(urlparse(ref).path)
    return (page.parent / path).resolve() if path else None


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def index_links() -> list[str]:
    return [h for h in parse(GUIDE / "index.html").links if not h.startswith("#")]


def test_the_guide_has_an_index_and_chapters():
    assert (GUIDE / "index.html").is_file()
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_page_is_well_formed_utf8_html(path):
    text = path.read_text(encoding="utf-8")
    page = parse(path)
    assert page.errors == []
    assert page.stack == [], f"unclosed tags: {page.stack}"
    assert {"html", "head", "body", "title", "style", "h1"} <= page.tags
    assert re.search(r'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', text)
    assert page.title.strip().endswith("MentorDesk")
    assert len(page.h1) == 1 and page.h1[0].strip()
    assert "<script" not in text.lower() and "<link" not in text.lower() and "<iframe" not in text.lower()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_external_urls_anywhere(path):
    text = path.read_text(encoding="utf-8")
    page = parse(path)
    assert not re.search(r"(https?|ftp)://", text, re.IGNORECASE)
    assert "@import" not in page.style and "url(" not in page.style and "@font-face" not in page.style
    for ref in page.links + [i.get("src", "") for i in page.images]:
        assert not urlparse(ref).scheme and not ref.startswith("//"), ref


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_local_link_and_image_exists(path):
    page = parse(path)
    for ref in page.links:
        target = local_target(path, ref)
        assert target is None or target.is_file(), f"{path.name}: broken link {ref}"
        assert target is None or GUIDE in target.parents, f"{path.name}: link outside the guide {ref}"
    for image in page.images:
        target = local_target(path, image.get("src", ""))
        assert target is not None and target.is_file(), f"{path.name}: missing image {image.get('src')}"
        assert image.get("alt"), f"{path.name}: image without alt text {image.get('src')}"


def test_every_image_is_used_and_sized_to_fit():
    used: dict[str, dict[str, str]] = {}
    for path in PAGES:
        for image in parse(path).images:
            used[Path(image["src"]).name] = image
    files = {p.name for p in (GUIDE / "img").glob("*.png")}
    assert files == set(used), f"unused: {sorted(files - set(used))}, missing: {sorted(set(used) - files)}"
    for name, image in used.items():
        width, height = png_size(GUIDE / "img" / name)
        shown_w, shown_h = int(image["width"]), int(image["height"])
        assert shown_w <= 900 and shown_w <= width, name
        # both attributes, in the picture's proportions (QTextBrowser ignores the aspect when one is missing)
        assert abs(shown_h - height * shown_w / width) <= 2, f"{name}: {shown_w}×{shown_h} vs {width}×{height}"


def test_every_chapter_is_in_the_contents_in_order_with_navigation():
    order = index_links()
    assert order == [p.name for p in CHAPTERS], "the contents list every chapter, in file order"
    for number, name in enumerate(order):
        links = parse(GUIDE / name).links
        assert "index.html" in links, f"{name}: no link back to the contents"
        if number > 0:
            assert order[number - 1] in links, f"{name}: no link to the previous chapter"
        if number + 1 < len(order):
            assert order[number + 1] in links, f"{name}: no link to the next chapter"


def test_russian_typography():
    for path in PAGES:
        text = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)  # the words a reader sees
        assert '"' not in text, f"{path.name}: straight quotes — use «ёлочки»"
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), f"{path.name}: ISO date — use ДД.ММ.ГГГГ"
        assert " - " not in text, f"{path.name}: hyphen as a dash — use « — »"


def load_script():
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_makes_exactly_the_guide_images():
    script = load_script()
    names = script.image_names()
    assert len(names) == len(set(names))
    assert {f"{n}.png" for n in names} == {p.name for p in (GUIDE / "img").glob("*.png")}
    for path in SCRIPT_MODULES:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^(from|import) PySide6", source, re.MULTILINE), f"{path.name}: Qt only inside functions"


def test_one_screenshot_offscreen(tmp_path):
    """The real script, offscreen, one picture that needs no database: the same size as the one in the guide."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["MENTORDESK_HOME"] = str(tmp_path / "must-not-be-used")
    result = subprocess.run([sys.executable, str(SCRIPT), "--offscreen", "--only", "start-mode", "--out",
                             str(tmp_path)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    made = tmp_path / "start-mode.png"
    assert made.is_file()
    assert png_size(made) == png_size(GUIDE / "img" / "start-mode.png")
    assert not (tmp_path / "must-not-be-used").exists()  # the script points the data folder at its own temp dir
