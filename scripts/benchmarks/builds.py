"""`pelican content`: our site beside a bare Pelican site of the same action pages, alternated; the
plugin table; the cached rebuild."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .common import CONTENT, PELICAN, PELICAN_TIMEOUT, PLAN, ROOT, SAMPLE_ACTION, last_cpu, median, run_child, set_aside


def make_content(plan: Path, dest: Path) -> str | None:
    """content/ for `plan` in `dest`: the repository's content/ (hand-written pages included), then
    the generator over it. Returns an error line, or None."""
    set_aside(dest)
    shutil.copytree(CONTENT, dest)
    cmd = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--plan", str(plan), "--out", str(dest),
           "--no-lock"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    if proc.returncode != 0:
        return (proc.stderr or proc.stdout).strip().splitlines()[-1] if (proc.stderr or proc.stdout) else "failed"
    return None


def settings_file(where: Path, content: Path, output: Path, plain: bool, cache: Path | None,
                  extra: list[str] | None = None, name: str | None = None) -> Path:
    """A settings override in a temporary folder: pelicanconf.py with absolute paths into `where`.

    The yardstick ("plain") is a bare Pelican site of the same action pages: every content setting
    (URLs, Markdown extensions, paths) kept, and only what this project adds dropped: THEME becomes
    notmyidea, PLUGINS is empty, no hand-written pages (PAGE_PATHS empty) or static data,
    DIRECT_TEMPLATES only "index", no menu of every page and Pelican's default JINJA_ENVIRONMENT.
    Links the overview_pages plugin resolves (`{site}/laws/…/`) are left as they are, not warned
    about link by link, since no plugin is there to resolve them.
    """
    lines = [
        "from runpy import run_path",
        f"globals().update({{k: v for k, v in run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper()}})",
        f"PATH = {str(content)!r}",
        f"OUTPUT_PATH = {str(output)!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        "DELETE_OUTPUT_DIRECTORY = True",
    ]
    if cache:
        lines += ["LOAD_CONTENT_CACHE = True", "CACHE_CONTENT = True", f"CACHE_PATH = {str(cache)!r}"]
    else:
        # A cache folder of its own for every build, empty: each build is a fresh clone's (the
        # compiled templates plan_context keeps under CACHE_PATH are not there). `warm_builds`
        # measures a build that finds the previous one's.
        lines += ["LOAD_CONTENT_CACHE = False", "CACHE_CONTENT = False", "import tempfile",
                  f"CACHE_PATH = tempfile.mkdtemp(prefix='cold-cache-', dir={str(where)!r})"]
    if plain:
        lines += [f"THEME = {str(plain_theme(where, content))!r}", "PLUGINS = []",
                  "PAGE_PATHS = []", "STATIC_PATHS = []",
                  "INTRASITE_LINK_REGEX = '[{|](?P<what>filename|static|attach|category|tag|author|index)[|}]'",
                  "DIRECT_TEMPLATES = ['index']", "JINJA_GLOBALS = {}", "JINJA_FILTERS = {}",
                  # notmyidea lists every page in every page's menu: quadratic in pages, and not
                  # what anyone would publish with hundreds of pages, so it would flatter the ratio.
                  "DISPLAY_PAGES_ON_MENU = False",
                  # Pelican's default: notmyidea prints content unescaped, our theme escapes by default.
                  "JINJA_ENVIRONMENT = {'trim_blocks': True, 'lstrip_blocks': True, 'extensions': []}"]
    lines += extra or []
    name = name or ("plain" if plain else "ours") + ("-cached" if cache else "") + "conf.py"
    path = where / name
    path.write_text("\n".join(lines) + "\n")
    return path


def plain_theme(where: Path, content: Path) -> Path:
    """notmyidea, plus a one-line alias for each `Template:` the content asks for (article or page),
    so plain Pelican renders every file our site does, with its own stock templates."""
    import pelican

    theme = where / "notmyidea"
    if theme.exists():
        return theme
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", theme)
    wanted: dict[str, str] = {}
    for md in content.rglob("*.md"):
        head = md.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
        m = re.search(r"^Template:\s*(\S+)", head, re.M | re.I)
        if m:
            kind = "article" if md.relative_to(content).parts[0] == "actions" else "page"
            wanted.setdefault(m.group(1), kind)
    for name, kind in wanted.items():
        target = theme / "templates" / f"{name}.html"
        if not target.exists():
            target.write_text(f'{{% extends "{kind}.html" %}}\n')
    return theme


@dataclass
class Build:
    seconds: float
    ok: bool
    rss_kib: int
    error: str = ""
    cpu: float = 0.0
    cpu_min: float = 0.0  # of the runs a median was taken over
    user: float = 0.0  # CPU in the program itself (Python: templates, plugins, Markdown)
    system: float = 0.0  # CPU in the kernel for it: mostly creating and deleting files


def pelican_build(settings: Path, cwd: Path, extra: list[str] | None = None, fresh: Path | None = None) -> Build:
    """One build in a child process. `fresh`: its output folder, set aside first (untimed; not deleted,
    see `set_aside`), so that the build starts as a fresh clone's does; otherwise Pelican empties what
    the build before left (DELETE_OUTPUT_DIRECTORY), which costs system time by the number of files there."""
    if fresh is not None:
        set_aside(fresh)
    cmd = PELICAN + ["-s", str(settings), "-q"] + (extra or [])
    env = dict(os.environ, COLUMNS="250")  # Pelican's rich log wraps tracebacks to the terminal width
    elapsed, code, rss, err = run_child(cmd, cwd=cwd, env=env)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    error = "" if code == 0 else (lines[-1].strip() if lines else f"exit {code}")
    return Build(elapsed, code == 0, rss, error, last_cpu[0], user=last_cpu[1], system=last_cpu[2])


def instructions(settings: Path, cwd: Path) -> int | None:
    """Instructions one build executes in user space, counted by valgrind (cachegrind, no cache
    simulation): the same on every run, however fast the machine is at the moment. None without
    valgrind."""
    if not shutil.which("valgrind"):
        return None
    out = settings.with_suffix(".cachegrind")
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
           sys.executable, "-m", "pelican", "-s", str(settings), "-q"]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    out.unlink(missing_ok=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    return int(found.group(1).replace(",", "")) if proc.returncode == 0 and found else None


def pelican_pair(where: Path, content: Path, reps: int) -> tuple[list[Build], list[Build]]:
    """Our site and plain Pelican on the same content, alternated so drift hits both alike."""
    ours_conf = settings_file(where, content, where / "out-ours", plain=False, cache=None)
    plain_conf = settings_file(where, content, where / "out-plain", plain=True, cache=None)
    ours, plain = [], []
    for _ in range(reps):
        ours.append(pelican_build(ours_conf, where, fresh=where / "out-ours"))
        plain.append(pelican_build(plain_conf, where, fresh=where / "out-plain"))
        if not ours[-1].ok or not plain[-1].ok:
            break
    return ours, plain


def warm_builds(where: Path, content: Path, reps: int) -> list[Build]:
    """Our site with the cache folder the build before it left (compiled templates), the content
    cache off: a maintainer's next build. One build fills the folder; the runs after it are timed."""
    cache = where / "warm-cache"
    set_aside(cache)
    conf = settings_file(where, content, where / "out-warm", plain=False, cache=None,
                         extra=[f"CACHE_PATH = {str(cache)!r}"], name="warmconf.py")
    first = pelican_build(conf, where)
    if not first.ok:
        return [first]
    return [pelican_build(conf, where) for _ in range(reps)]


NO_URL_CHECK = "our site, URL check off"


def ablation(where: Path, content: Path, reps: int) -> list[tuple[str, float, float, str, float | None]]:
    """CPU seconds of our build with one plugin left out at a time, each right after a whole build
    with the URL check off, and the difference within that pair: load on this machine drifts from
    minute to minute, and a variant compared with a reference built minutes earlier measured the
    drift (every plugin "saved" 0.3 to 0.5 s in one run). A plugin the theme cannot do without (a
    template prints what it gives, and the build stops by design when it is missing) cannot be left
    out: its row says so, and the sampled table (profiles.build_breakdown) gives what it costs
    inside a build. Rows: label, median CPU, median wall, error, median CPU within the pairs."""
    import runpy

    plugins = list(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", []))
    # url_manifest fails a build that loses published files, so every variant, and the whole build
    # the variants are compared with, leaves its check off ("our site" keeps it, for the record).
    variants: list[tuple[str, list[str] | None]] = [("our site", None), (NO_URL_CHECK, plugins)]
    variants += [(f"without {p}", [x for x in plugins if x != p]) for p in plugins]
    confs = []
    for i, (label, chosen) in enumerate(variants):
        extra = None if chosen is None else [f"PLUGINS = {chosen!r}", "URL_MANIFEST = ''"]
        confs.append((label, settings_file(where, content, where / f"out-abl-{i}", False, None, extra,
                                           name=f"ablation{i}conf.py")))
    confs.append(("bare Pelican", settings_file(where, content, where / "out-abl-plain", plain=True, cache=None)))
    outputs = {label: where / (f"out-abl-{i}" if i < len(variants) else "out-abl-plain")
               for i, (label, _) in enumerate(confs)}
    reference = dict(confs)[NO_URL_CHECK]
    cpu: dict[str, list[float]] = {label: [] for label, _ in confs}
    wall: dict[str, list[float]] = {label: [] for label, _ in confs}
    within: dict[str, list[float]] = {label: [] for label, _ in confs}
    needed: dict[str, str] = {}

    def timed(label: str, conf: Path) -> Build:
        b = pelican_build(conf, where, fresh=outputs[label])
        if b.ok:
            cpu[label].append(b.cpu)
            wall[label].append(b.seconds)
        else:
            needed[label] = b.error
        return b

    for _ in range(reps):
        for label, conf in confs:
            if label in needed or label == NO_URL_CHECK:
                continue
            before = timed(NO_URL_CHECK, reference) if label.startswith("without ") else None
            b = timed(label, conf)
            if before is not None and before.ok and b.ok:
                within[label].append(b.cpu - before.cpu)
    for i in range(len(variants)):
        set_aside(where / f"out-abl-{i}")
    set_aside(where / "out-abl-plain")
    return [(label, median(cpu[label]), median(wall[label]), needed.get(label, ""),
             median(within[label]) if within[label] else None) for label, _ in confs]


def touch_action_text(content: Path, action_id: str, n: int) -> None:
    """Change one word of one action's body, the way a maintainer's edit would."""
    page = content / "actions" / f"{action_id}.md"
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    page.write_text(f"{head}\n\n{body.rstrip()} (edit {n})\n", encoding="utf-8")


def cached_rebuild(where: Path, content: Path, reps: int) -> dict:
    """With the content cache on: a full build; rebuilds each after one action's Markdown changed by a
    word; and a maintainer's round trip, one action's text changed in the plan, the generator (which
    rewrites only the files that change), then Pelican."""
    cache = where / "cache"
    set_aside(cache)
    conf = settings_file(where, content, where / "out-cached", plain=False, cache=cache)
    result: dict = {"first": pelican_build(conf, where), "rebuilds": [], "plan_edit": None}
    if not result["first"].ok:
        return result
    action = SAMPLE_ACTION if (content / "actions" / f"{SAMPLE_ACTION}.md").exists() else None
    action = action or sorted((content / "actions").glob("*.md"))[0].stem
    for n in range(reps):
        time.sleep(0.01)  # a later mtime than the cache saw
        touch_action_text(content, action, n)
        result["rebuilds"].append(pelican_build(conf, where))

    # The round trip: regenerate from the real plan (undoing the edits above), build, then edit the plan.
    make = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--out", str(content)]
    subprocess.run(make + ["--plan", str(PLAN)], capture_output=True, timeout=PELICAN_TIMEOUT)
    pelican_build(conf, where)
    text = PLAN.read_text(encoding="utf-8").split("\n")
    at = next((i for i, ln in enumerate(text) if re.match(r"^\s*-\s+c\)\s", ln)), None)
    if at is not None:
        text[at] = text[at].rstrip() + " This sentence is an edit."
        edited = where / "plan-edited.md"
        edited.write_text("\n".join(text), encoding="utf-8")
        generated, code, _, err = run_child(make + ["--plan", str(edited), "--no-lock"])
        built = pelican_build(conf, where)
        result["plan_edit"] = (generated if code == 0 else None, built)
    return result
