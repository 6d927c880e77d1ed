"""Hostile text in every free-text field never runs and is shown as written.

tests/hostile/ is a project whose titles, owners, units, perspective and
theme titles, initiatives, CSV notes, descriptions and commentary carry
script tags, event handlers, javascript: and data: links, frames, forms,
styles that hide content, Jinja syntax, tag breakouts, SVG and Graphviz
tricks, front matter breakouts, Markdown link references, bidi controls and
spreadsheet formulas. Each script payload sets its own canary: a global
`window.__canary_N`, an alert, or a request to a canary server this module
runs (`__CANARY__` in the project is replaced by its address).

The site is built with `mkdocs build --strict`, served on 127.0.0.1 and
opened in Debian's chromium through Playwright. Every page (and every map as
a document of its own) is loaded, every link in the content and every map
node hovered and clicked, the search box used; then no canary may have
fired, no dialog opened and no request gone anywhere but the site's server,
while the plain-text fields read exactly as written (`inner_text`) and the
sanitised Markdown holds no active element in the live DOM.
"""

from __future__ import annotations

import csv
import html
import html.parser
import http.server
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_mkdocs_build, serve_site, start_server
from mkdocs_scorecards.render import text as fmt

HOSTILE = REPO / "tests" / "hostile"
CANARY = re.compile(r"__canary_(\w+)|canary_(\d+)|/canary/(\d+)")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_LINKS = ".md-content a[href], .md-content a[*|href]"


def flat(text: str) -> str:
    """Whitespace runs as one space, as a browser lays text out."""
    return " ".join(text.split())


# --- the project and its texts --------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def canary():
    """A server that records every request made to it; payloads ask it for /canary/N."""
    handler = type("Recorder", (_Recorder,), {"hits": []})
    server, address = start_server(handler)
    yield address, handler.hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def project(tmp_path_factory, canary) -> Path:
    """tests/hostile/ copied, with the canary server's address filled in."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(HOSTILE, root)
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".csv", ".md"):
            data = path.read_bytes()
            path.write_bytes(data.replace(b"__CANARY__", canary[0].encode() + b"/canary"))
    return root


@pytest.fixture(scope="module")
def definitions(project) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((project / "scorecards").glob("*.yml"))}


@pytest.fixture(scope="module")
def notes(project) -> list[str]:
    with open(project / "data" / "actuals.csv", encoding="utf-8", newline="") as file:
        return [row["note"] for row in csv.DictReader(file) if row["note"]]


def plain_texts(definitions: dict[str, dict]) -> dict[str, list[str]]:
    """Each scorecard's plain-text fields (shown as text, never as Markdown)."""
    out = {}
    for sid, d in definitions.items():
        texts = [d["title"], d.get("owner", "")]
        texts += [p["title"] for p in d.get("perspectives", [])] + [t["title"] for t in d.get("themes", [])]
        for o in d["objectives"]:
            texts += [o["title"], o.get("owner", "")]
            for k in o.get("kpis", []):
                texts += [k["title"], k.get("unit", "")]
            for i in o.get("initiatives", []):
                texts += [i["title"], i.get("owner", "")]
        out[sid] = [t for t in texts if t]
    return out


def markdown_texts(project: Path, definitions: dict[str, dict]) -> list[str]:
    texts = [d.get("description", "") for d in definitions.values()]
    for d in definitions.values():
        for o in d["objectives"]:
            texts.append(o.get("description", ""))
            texts += [k.get("description", "") for k in o.get("kpis", [])]
    texts += [p.read_text(encoding="utf-8") for p in sorted((project / "data" / "commentary").rglob("*.md"))]
    return [t for t in texts if t]


def canary_names(texts) -> set[str]:
    """The canaries the texts set: global names, alert messages and canary request paths, by number."""
    names = set()
    for text in texts:
        for match in CANARY.finditer(text):
            names.add(next(g for g in match.groups() if g))
    return names


def canary_globals(texts) -> list[str]:
    return sorted({f"__canary_{m}" for text in texts for m in re.findall(r"__canary_(\w+)", text)})


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    result = run_mkdocs_build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_corpus_is_hostile_enough(project, definitions, notes):
    plain = {t for texts in plain_texts(definitions).values() for t in texts}
    hostile_plain = {t for t in plain if re.search(r"[<>{}\\\"':=+@&\u2028\u202e]|javascript", t)}
    hostile_notes = {n for n in notes if n.startswith(FORMULA_START) or re.search(r"[<{`*]", n)}
    markdown = markdown_texts(project, definitions)
    assert len(hostile_plain | hostile_notes) >= 30
    # Every script payload has its own canary, and there are many of them.
    assert len(canary_names(plain | set(notes) | set(markdown))) >= 60
    # The corpus covers what the requirement lists.
    corpus = "\n".join(plain | set(notes) | set(markdown))
    for needle in ("<script>", "onerror=", "<svg onload", "javascript:", "data:text/html", "<iframe", "<form",
                   "<style>body{display:none}</style>", "display:none", "{{ 7*7 }}", "{% raw %}", "</textarea>",
                   "</title>", "</script>", '"><svg/onload=', "\\N", "\\G", "<TABLE>", '; URL="javascript:',
                   "a:b:n", "\n---\n", "[evil]: javascript:", "\u202e", "=HYPERLINK(", "+cmd|' /C calc'!A0",
                   "@SUM(1+1)", "-2+3", "\t=", "\r="):
        assert needle in corpus, needle


# --- the escaping functions ---------------------------------------------------------------

MARKDOWN_PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)><circle/></svg>",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#x09;script:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)", "[x][r]\n\n[r]: javascript:alert(1)", "<javascript:alert(1)>",
    '<a href="vbscript:msgbox(1)">x</a>', '<a href="  javascript:alert(1)">x</a>', "<iframe src=//x></iframe>",
    "<form action=//x><input name=a><button>b</button></form>", "<style>body{display:none}</style>",
    '<p style="display:none">x</p>', '<span style="visibility:hidden">x</span>', "<math><mi>x</mi></math>",
    '<details open ontoggle="alert(1)">x</details>', '<a href="#" id="x" class="md-hidden" target="_blank">x</a>',
    "<object data=x></object><embed src=x>", '<base href="//x/"><meta http-equiv="refresh" content="0;url=//x">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<!--><script>alert(1)</script>-->",
    "    ```\n    <script>alert(1)</script>\n    ```", "{{ 7*7 }} {% raw %}", "![i](//x/i.png)",
    '<table><tr><td background="//x" style="color:red" align="right">c</td></tr></table>',
]


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_user_markdown_keeps_no_active_content(payload):
    out = fmt.user_markdown(payload)
    parsed = _Tags()
    parsed.feed(out)
    for tag, attrs in parsed.tags:
        assert tag in fmt.ALLOWED_TAGS, tag
        assert set(attrs) <= fmt.ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), (tag, attrs)
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer"
            href = (attrs.get("href") or "").strip().lower()
            assert not href or href.startswith(("http:", "https:", "mailto:", "#", "/", ".")) or ":" not in href
    assert "\n" not in out and "{" not in out and "}" not in out   # one line, no template braces


@pytest.mark.parametrize("title", [
    "plain", 'quotes " and \' and \\ backslash', "new\nline\n---\ntitle: x\n---\n", "\u2028 and \u2029 and \x85",
    "</title><script>alert(1)</script>", "{{ 7*7 }}", "tab\there", "😀 emoji \U0001F680", "... and ---",
    "&amp; &lt;", "# not a comment", "key: value", "[a, b]", "*star", "\x01 control",
])
def test_front_matter_title_cannot_break_out(title):
    """The front matter holds the title as plain text (what plugins such as social cards and feeds read);
    what a theme prints is `theme_title`, escaped and without braces."""
    from mkdocs.utils.meta import get_data

    page = f"---\ntitle: {fmt.front_matter_title(title)}\n---\n\n# Body\n"
    assert page.count("\n") == 5
    body, meta = get_data(page)
    assert set(meta) == {"title"} and body.strip() == "# Body"
    assert meta["title"] == flat(title)                                # plain text, as written
    shown = fmt.theme_title(title)
    assert "<" not in shown and "{" not in shown and "\n" not in shown   # themes print it as HTML
    assert html.unescape(shown) == flat(title)


@pytest.mark.parametrize("title", [
    "Heading {: onclick=\"alert(1)\" } #", "[link](javascript:alert(1)) **bold** _em_ `code` ~~del~~ ==mark==",
    "<b>x</b> &amp; &lt;", ":smile: ^sup^ $x$ @user 50%", "# hashes ##", "\\N back\\slash", "a | b | c",
    "1. not a list", "- not a list", "> not a quote", "{{ 7*7 }}", "line\nbreak",
])
def test_markdown_heading_reads_literally(title):
    import markdown

    out = markdown.markdown("# " + fmt.markdown_heading(title),
                            extensions=["toc", "attr_list", "md_in_html", "tables", "admonition"])
    parsed = _Tags()
    parsed.feed(out)
    assert [tag for tag, _ in parsed.tags] == ["h1"] and set(parsed.tags[0][1]) == {"id"}
    assert "".join(parsed.text) == flat(title)


@pytest.mark.parametrize("bad", ["dept\n", "../etc", "A", "", "a/b", "a b", "a" * 65, "-a", "a.b", "%2e%2e"])
def test_an_id_that_is_not_a_slug_never_names_a_page(bad):
    from mkdocs_scorecards.errors import InputError
    from mkdocs_scorecards.render.urls import Urls

    urls = Urls()
    for make in (lambda: urls.overview_src(bad), lambda: urls.objective_src("ok", bad), lambda: urls.data_csv(bad),
                 lambda: urls.map_svg(bad), lambda: urls.json(bad), lambda: urls.objective("ok", bad)):
        with pytest.raises(InputError):
            make()


# --- the files ------------------------------------------------------------------------


def test_mkdocs_reads_no_generated_text_as_markdown(project):
    """MkDocs gets a stub per generated page: front matter with the title on one line and nothing else,
    so no Markdown extension, and no plugin such as mkdocs-macros, ever reads user text; the page's
    HTML is handed over finished."""
    from mkdocs_scorecards.options import Options
    from mkdocs_scorecards.render.pages import GeneratedPage
    from mkdocs_scorecards.site import evaluate_site, site_files

    files = site_files(evaluate_site(project, Options()), Options())
    pages = {path: page for path, page in files.items() if isinstance(page, GeneratedPage)}
    assert len(pages) >= 15 and all(path.endswith(".md") for path in pages)
    from mkdocs.utils.meta import get_data

    for path, page in pages.items():
        stub = page.stub()
        title_line, rest = stub.split("\n", 2)[1:]
        assert stub.startswith("---\ntitle: \"") and title_line.endswith("\""), stub
        assert rest in ("---\n", "hide:\n  - toc\n---\n"), stub      # wide pages hide the theme's contents
        body, meta = get_data(stub)
        assert body == "" and meta["title"] == flat(page.title), path    # the title as plain text, nothing else
        before_title = page.html.lstrip().split("<h1 id=", 1)[0]     # only our own wrappers come first
        assert re.fullmatch(r'(<style class="sc-print-style">@media print [^<]*</style>\n)?'
                            r'(<nav class="sc-crumbs"[^\n]*</nav>\n)?(<(div|section) class="[a-z_ -]+">\n)*',
                            before_title), path


TITLE_HOOKS = """
import json
from pathlib import Path

from mkdocs.plugins import event_priority

seen = {}


def _note(stage, page):
    if page.file.src_uri.startswith("scorecards/") and page.file.src_uri.endswith(".md"):
        seen.setdefault(page.file.src_uri, {})[stage] = {"meta": page.meta.get("title"), "title": page.title}


@event_priority(0)      # where mkdocs-macros renders a page title holding "{" as a template
def on_page_markdown(markdown, page, config, files):
    _note("markdown", page)
    return markdown


@event_priority(-75)    # where mkdocs-rss-plugin takes page.title for its feed
def on_page_content(html, page, config, files):
    _note("content", page)
    return html


@event_priority(50)     # where mkdocs-material's social plugin writes og:title from page.meta
def on_post_page(output, page, config):
    _note("post_page", page)
    return output


def on_post_build(config):
    Path(config.site_dir, "titles.json").write_text(json.dumps(seen, sort_keys=True), encoding="utf-8")
"""


class _Title(html.parser.HTMLParser):
    """The text of <title> and of the header's topic, as a browser shows them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.where: str | None = None
        self.found: dict[str, str] = {"title": "", "topic": ""}

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.where = "title"
        elif dict(attrs).get("data-md-component") == "header-topic":
            self.where = "topic"

    def handle_endtag(self, tag):
        if tag in ("title", "div"):
            self.where = None

    def handle_data(self, data):
        if self.where:
            self.found[self.where] += data


def test_plugins_read_the_title_as_plain_text_and_themes_print_it_escaped(project, tmp_path):
    """A site hook records what plugins see: `page.meta["title"]` is the title as written everywhere,
    `page.title` is plain while plugins read content (feeds) but escaped and without braces where
    mkdocs-macros would render it; the theme's <title> and header show the title as written."""
    root = tmp_path / "project"
    shutil.copytree(project, root)
    definition = root / "scorecards" / "hostile.yml"
    text = definition.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title: "))
    definition.write_text(text.replace(line, line + " {{ 7*7 }} {% if true %}x{% endif %}"), encoding="utf-8")
    title = flat(yaml.safe_load(definition.read_text(encoding="utf-8"))["title"])
    (root / "hooks.py").write_text(TITLE_HOOKS, encoding="utf-8")
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads((out / "titles.json").read_text(encoding="utf-8"))
    overview = seen["scorecards/hostile/index.md"]
    assert overview["markdown"]["meta"] == overview["content"]["meta"] == overview["post_page"]["meta"]
    assert overview["content"]["meta"].startswith(title)                # plain text, as written
    assert overview["content"]["title"] == overview["content"]["meta"]  # a feed takes page.title as text
    for page, stages in seen.items():
        assert len({stage["meta"] for stage in stages.values()}) == 1 and stages["content"]["meta"], page
        assert stages["content"]["title"] == stages["content"]["meta"], page
        at_macros = stages["markdown"]["title"]
        assert "{" not in at_macros and "<" not in at_macros, page       # nothing for a template to render
    parsed = _Title()
    parsed.feed((out / "scorecards" / "hostile" / "index.html").read_text(encoding="utf-8"))
    assert parsed.found["title"].startswith(title)                     # shown as written, never run
    assert flat(parsed.found["topic"]).startswith(title)
    assert "49" not in parsed.found["title"]


def test_scorecard_json_holds_the_texts_exactly(site, definitions):
    for sid, d in definitions.items():
        doc = json.loads((site / "scorecards" / sid / "scorecard.json").read_text(encoding="utf-8"))
        assert doc["title"] == d["title"] and doc["owner"] == (d.get("owner") or None)   # null, never ""
        assert [p["title"] for p in doc["perspectives"]] == [p["title"] for p in d["perspectives"]]
        published = {o["id"]: o for o in doc["objectives"]}
        for o in d["objectives"]:
            got = published[o["id"]]
            assert (got["title"], got["owner"]) == (o["title"], o.get("owner") or None)
            kpis = {k["id"]: k for k in got["kpis"]}
            for k in o.get("kpis", []):
                assert (kpis[k["id"]]["title"], kpis[k["id"]]["unit"]) == (k["title"], k.get("unit") or None)
            initiatives = {i["id"]: i for i in got["initiatives"]}
            for i in o.get("initiatives", []):
                assert (initiatives[i["id"]]["title"], initiatives[i["id"]]["owner"]) == \
                    (i["title"], i.get("owner") or None)


def test_data_csv_neutralises_formulas(site, project, notes):
    with open(project / "data" / "actuals.csv", encoding="utf-8", newline="") as file:
        source = {(r["kpi"], r["period"]): r for r in csv.DictReader(file)}
    data = (site / "scorecards" / "hostile" / "data.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == sum(1 for kpi, _ in source if kpi != "d-kpi")
    seen_notes = set()
    for row in rows:
        for column in ("objective", "kpi", "kpi_title", "period", "status", "note"):
            assert not row[column].startswith(FORMULA_START), (column, row[column])
        original = source[(row["kpi"], row["period"])]
        assert float(row["actual"]) == float(original["actual"])      # numbers stay numbers, negative too
        if original["note"]:
            # The loader may trim a note's surrounding whitespace (a tab or CR lead then goes).
            note = original["note"] if row["note"].lstrip("'") == original["note"] else original["note"].strip()
            assert row["note"] == ("'" if note.startswith(FORMULA_START) else "") + note
            seen_notes.add(note)
        if row["kpi"] == "k-frame":
            assert row["target"] == "'-5..5"
    assert {"-2+3", "@SUM(1+1)", "+cmd|' /C calc'!A0"} <= seen_notes
    assert any(float(row["actual"]) < 0 and not row["actual"].startswith("'") for row in rows)


# --- in the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site):
    with serve_site(site) as address:
        yield address


class Crawl:
    """What the browser saw, and everything a payload could do that the reader did not ask for."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.fired: list[tuple[str, str]] = []      # canary globals set, and where
        self.dialogs: list[str] = []
        self.foreign: list[str] = []                # requests to anywhere but the site's server
        self.popups: list[str] = []
        self.followed: list[str] = []               # pages that clicks led to
        self.problems: list[str] = []               # active content in the DOM, stray globals
        self.texts: dict[str, str] = {}             # page -> its inner_text, with every <details> open
        self.titles: dict[str, str] = {}            # page -> document.title
        self.search_results = 0
        self.search_text = ""
        self.pages = 0
        self.clicked = 0
        self.hovered = 0
        self.page_url = ""
        self.navigating = True

    def on_request(self, request):
        if not request.url.startswith((self.site_url, "data:", "blob:")):
            self.foreign.append(f"{request.url} (from {self.page_url})")

    def on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.message} (on {self.page_url})")
        dialog.dismiss()

    def on_navigation(self, route, main_frame):
        """A click that would load another page of the site is recorded and stopped there.

        That page is opened in its own turn of the crawl, so the crawl stays
        on the page it is clicking through instead of going back each time.
        """
        request = route.request
        if request.is_navigation_request() and request.frame == main_frame and not self.navigating:
            self.followed.append(request.url)
            route.abort("aborted")
        else:
            route.continue_()


TRAP = """names => {
  for (const name of names) {
    Object.defineProperty(window, name, {
      configurable: false,
      get() { return undefined; },
      set(value) { window.__canaryFired(name, location.href); },
    });
  }
}"""
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
STRAY_GLOBALS = ("names => Object.getOwnPropertyNames(window)"
                 ".filter(k => /canary/i.test(k) && !names.includes(k) && k !== '__canaryFired')")
ACTIVE_CONTENT = """() => {
  const bad = [];
  const content = document.querySelector('.md-content');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) bad.push(`${el.tagName} ${attr.name}`);
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value) && /href|src|action|data|formaction|background/.test(attr.name))
        bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  const active = 'script, iframe, frame, object, embed, form, input, button, textarea, select, img, style, link, '
               + 'meta, base, foreignObject, math, template, noscript';
  // The one style element allowed: the board report's running header for print, our own CSS whose
  // user text (titles) is written as CSS escapes, so nothing in it can close the string or the element.
  const ours = (el) => el.tagName === 'STYLE' && el.className === 'sc-print-style'
      && el.textContent.startsWith('@media print {') && !/[<>]/.test(el.textContent);
  for (const el of content.querySelectorAll(active)) if (!ours(el)) bad.push(`${el.tagName} in content`);
  for (const el of content.querySelectorAll('[style]'))
    if (!(el.tagName.toLowerCase() === 'svg' && el.parentElement.classList.contains('sc-map')))
      bad.push(`style on ${el.tagName}`);
  // The theme wraps tables and numbers code blocks; user Markdown itself has no id, class or svg.
  for (const el of content.querySelectorAll('.sc-prose svg, .sc-prose [id], .sc-prose [class]'))
    if (!/^md-typeset__/.test(el.className) && !/^__code_/.test(el.id)) bad.push(`${el.tagName} in prose`);
  for (const a of content.querySelectorAll('.sc-prose a[href]'))
    if (!(a.rel || '').includes('noopener')) bad.push(`link without noopener: ${a.href}`);
  return bad;
}"""


def _pages(site: Path) -> list[str]:
    """Every page of the site, then every map as a document of its own."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    maps = sorted(p.relative_to(site).as_posix() for p in site.rglob("map.svg"))
    return [p[: -len("index.html")] if p.endswith("index.html") else p for p in pages] + maps


@pytest.fixture(scope="module")
def crawl(browser, served, site, project, definitions, notes) -> Crawl:
    """Open every page, hover and click every link and map node, and use the search box."""
    names = canary_globals([t for texts in plain_texts(definitions).values() for t in texts] + notes
                           + markdown_texts(project, definitions))
    seen = Crawl(served)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_function("__canaryFired", lambda name, where: seen.fired.append((name, where)))
    context.add_init_script(f"({TRAP})({json.dumps(names)})")
    context.on("request", seen.on_request)
    page = context.new_page()
    context.on("page", lambda p: seen.popups.append(p.url))
    page.on("dialog", seen.on_dialog)
    page.route(re.compile(r"^[^?#]*(/|\.html|\.svg|\.json|\.csv)([?#].*)?$"),
               lambda route: seen.on_navigation(route, page.main_frame))
    page.set_default_timeout(5000)

    def load(url: str) -> None:
        seen.page_url, seen.navigating = url, True
        page.goto(url, wait_until="load")
        seen.navigating = False
        seen.problems.extend(f"{url}: stray global {k}" for k in page.evaluate(STRAY_GLOBALS, names))

    for path in _pages(site):
        url = served + path
        load(url)
        seen.pages += 1
        if path.endswith(".svg"):
            continue
        page.evaluate(OPEN_DETAILS)
        seen.problems.extend(f"{url}: {item}" for item in page.evaluate(ACTIVE_CONTENT))
        seen.texts[path] = page.locator("body").inner_text()
        seen.titles[path] = page.title()
        links = page.locator(CONTENT_LINKS)
        for index in range(links.count()):
            link = links.nth(index)
            if not link.is_visible():
                continue
            link.hover(force=True, no_wait_after=True)
            seen.hovered += 1
            link.click(force=True, no_wait_after=True)
            seen.clicked += 1
            if page.url.split("#")[0] != url:     # a javascript: or other navigation that was not stopped
                seen.problems.append(f"{url}: a click left for {page.url}")
                load(url)
        seen.problems.extend(f"{url}: stray global {k}" for k in page.evaluate(STRAY_GLOBALS, names))
    # The search box: its results are rendered from the search index, which holds every text.
    load(served + "scorecards/hostile/")
    search = page.locator("input.md-search__input")
    search.click()
    for query in ("breakout", "owner", "KPI", "Heading", "frame", "hostile"):
        search.fill("")
        search.press_sequentially(query)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=5000)
        _wait_until_settled(page, results)
        seen.search_results += results.count()
        seen.search_text += " " + page.locator(".md-search-result").inner_text()
        for index in range(min(results.count(), 8)):
            results.nth(index).hover(force=True, no_wait_after=True)
            seen.hovered += 1
    seen.problems.extend(page.evaluate(STRAY_GLOBALS, names))
    page.wait_for_timeout(200)    # let any late request or timer land
    context.close()
    return seen


def _wait_until_settled(page, results, polls: int = 20) -> None:
    """Search results are redrawn while the worker catches up with the typing: wait until
    the list stops changing, so the items hovered are the ones that stay."""
    previous = -1
    for _ in range(polls):
        current = results.count()
        if current == previous:
            return
        previous = current
        page.wait_for_timeout(150)


def test_the_crawl_covers_the_site(crawl, site):
    assert crawl.pages == len(_pages(site)) >= 20
    assert crawl.clicked >= 150
    assert crawl.search_results >= 20
    assert len(set(crawl.followed)) >= 15      # clicks led to other pages, which were opened in turn


def test_no_canary_fired(crawl, canary):
    assert crawl.fired == []
    assert canary[1] == []


def test_no_dialog_opened_and_no_window(crawl):
    assert crawl.dialogs == []
    assert crawl.popups == []


def test_no_request_left_the_page(crawl):
    assert crawl.foreign == []


def test_no_active_content_in_the_live_dom(crawl):
    assert crawl.problems == []


def test_plain_texts_read_exactly_as_written(crawl, definitions, notes):
    everything = flat(" ".join(crawl.texts.values()))
    for sid, texts in plain_texts(definitions).items():
        d = definitions[sid]
        assert flat(d["title"]) in flat(crawl.texts[f"scorecards/{sid}/"])
        assert flat(crawl.titles[f"scorecards/{sid}/"]).startswith(flat(d["title"]))
        for text in texts:
            assert flat(text) in everything, text
        for o in d["objectives"]:
            here = f"scorecards/{sid}/{o['id']}/"
            assert flat(crawl.titles[here]).startswith(flat(o["title"]))
            shown = [o["title"], o.get("owner", "")] + [k["title"] for k in o.get("kpis", [])]
            shown += [k["unit"] for k in o.get("kpis", []) if k.get("unit")]
            shown += [i[f] for i in o.get("initiatives", []) for f in ("title", "owner")]
            for text in shown:
                assert flat(text) in flat(crawl.texts[here]), (here, text)
    for note in notes:
        assert flat(note) in everything, note
    # Search results show titles as written too.
    for text in (definitions["hostile"]["title"], definitions["hostile"]["objectives"][0]["title"]):
        assert flat(text) in flat(crawl.search_text), text


def test_markdown_keeps_its_text_and_nothing_else(crawl):
    everything = flat(" ".join(crawl.texts.values()))
    assert "site_name" not in everything        # no `--8<--` line of user text included a file
    for text in ("visible despite display none", "hidden span", "hidden theme", "Scorecard description with Markdown",
                 "{{ 7*7 }}", "{% raw %}", "onclick link"):
        assert text in everything, text
