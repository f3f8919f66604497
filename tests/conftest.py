"""Shared fixtures: the site built once per session, a local server for it, Debian's chromium, node tools.

Browser and node tools skip with a stated reason only outside CI (env CI set): in CI, a missing
browser, Java runtime or node_modules is a failure, so a green CI always means the checks ran.

Knobs for developers: TEST_SITE_SOURCE=<dir> builds a scratch copy of the sources instead of this
repository; AXE_ACTION_SAMPLE=5 runs axe on every 5th action page (and the damaged ones) instead of all
259 (docs/testing.md says what each check covers); SWEEP_TABS=n runs the axe sweeps in n tabs (one under
xdist's workers, two in one process).
Markers: `-m "not browser"` leaves out chromium, `-m "not slow"` the extra whole-site builds.

With pytest-xdist (`-n 2`, as scripts/test.sh runs the suite) the site is built once for all workers
(`shared`: the first worker builds under a file lock). The Nu HTML Checker (one Java process over every
page) starts in the background as soon as the site is read, when a collected test asks for `vnu_report`,
so that it runs on the second core while other tests run; the test collects its answer from files any
worker can read.
"""

from __future__ import annotations

import fcntl
import json
import os
import runpy
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers.browser import ContextPool
from helpers.server import StaticServer
from helpers.site import REPO, Site, build


def debian_chromium() -> Path:
    """Debian's chromium in its old headless shell (package chromium-headless-shell: the same Chromium
    built without a browser window's interface, which the full browser's headless mode keeps up to date
    at every navigation and every new tab: its compositor, a WebUI renderer); the full chromium where
    only it is installed. Every browser test passes in both; in the shell they took half the CPU (286
    tests other than the axe sweeps, 144 -> 71 CPU-s) and a swept page a sixth less."""
    shell = Path("/usr/bin/chromium-headless-shell")
    return shell if shell.exists() else Path("/usr/bin/chromium")


# CHROMIUM_PATH names another build (GitHub's Ubuntu runners use Playwright's own headless shell,
# or its full chromium where the workflow finds no shell: .github/workflows/test.yml).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or debian_chromium())
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # No host but the test server's resolves: a request that would leave the site fails in the browser
    # itself, so a context whose log only has to see such requests (test_browser.py's sweeps) needs no
    # route, whose round trip through Playwright for every request costs about 0.03 CPU s a page.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Where the site's sources are: the repository, unless a developer points the harness at a scratch copy.
SOURCE = Path(os.environ.get("TEST_SITE_SOURCE", REPO)).resolve()


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def missing(what: str) -> None:
    """Skip outside CI; fail in CI, where every check must run."""
    if in_ci():
        pytest.fail(f"{what} (CI is set, so this is a failure, not a skip; run scripts/install_test_deps.sh)")
    pytest.skip(f"{what}; run scripts/install_test_deps.sh")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist's `--dist loadgroup` (scripts/test.sh) a worker takes a group at a time: a group
    is a test file, so that a module's fixtures (a build of its own, a kept tab) are made once, except
    where a file names the parameter that splits it (`XDIST_SPLIT_BY`): test_browser.py's tests of one
    page type read one sweep, and the types' sweeps are half of the run's browser time, too much for
    one worker while the other idles; or where files name one group (`XDIST_GROUP`): those that read
    every page's parse (`Page.soup`, 10 CPU seconds for the 585 pages, kept for the session) share
    one worker, which parses each page once.

    The groups are handed out longest first (`group_seconds`), so that no long group is the last to
    start and leaves one worker finishing it while the other idles. pytest-xdist 3.8 puts a group in the
    test's id, which pytest 9 no longer lets it change (its `_nodeid` is gone): every test was a group of
    its own, and a page type's sweep ran in both workers. So each worker writes the groups of its tests
    where the controller reads them (`GroupScheduling`, `pytest_xdist_make_scheduler`). Upstream:
    https://github.com/pytest-dev/pytest-xdist/issues/1386 (open; the fix, pull request 1388, not merged
    when this was written, 2026-12-07); once an xdist sets the group in the id again, `_split_scope`
    takes it from there."""
    if not getattr(config.option, "loadgroup", False):  # set in an xdist worker under --dist loadgroup
        return
    groups = {item.nodeid: group_of(item) for item in items}
    items.sort(key=lambda item: -group_seconds(groups[item.nodeid]))  # stable: a group keeps its order
    run = Path(config.option.basetemp).parent  # the controller's basetemp, above each worker's own
    run.mkdir(parents=True, exist_ok=True)
    part = run / f"xdist-groups-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.json"
    part.with_suffix(".part").write_text(json.dumps(groups), encoding="utf-8")
    part.with_suffix(".part").replace(part)


def group_of(item: pytest.Item) -> str:
    marker = item.get_closest_marker("xdist_group")
    if marker is not None:
        return str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))
    module = getattr(item, "module", None)
    group = getattr(module, "XDIST_GROUP", None) or item.nodeid.split("::")[0]
    split_by = getattr(module, "XDIST_SPLIT_BY", None)
    callspec = getattr(item, "callspec", None)
    if split_by and callspec is not None and split_by in callspec.params:
        group += f"::{callspec.params[split_by]}"
    return group


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's, unknown to a run without it
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadgroup` with the groups the workers wrote (pytest_collection_modifyitems)."""
    if config.getoption("dist", None) != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid:  # an xdist that could set the test's id: its own group
                return nodeid.rsplit("@", 1)[-1]
            if self.groups is None:
                run = config._tmp_path_factory.getbasetemp()  # noqa: SLF001 - where xdist puts the workers'
                self.groups = {}
                for part in sorted(run.glob("xdist-groups-*.json")):
                    self.groups.update(json.loads(part.read_text(encoding="utf-8")))
            return self.groups.get(nodeid) or nodeid.split("::")[0]

    return GroupScheduling(config, log)


# The xdist group of the files that read every page's parse (XDIST_GROUP): test_site, test_theme,
# test_furniture, test_helplines, test_open_data, test_one_source.
PARSED_PAGES = "every page parsed"
# Seconds the longest groups held a worker in a whole run with two workers (scripts/test.sh's command,
# idle machine, 7 December 19:00 UTC, every browser test in the headless shell; both workers were busy
# 219.5 s): with two workers the cores are full, so a group's time is what it holds a worker for. Only
# their order matters. Any other page type took about 2-3 s; any other group, less.
BROWSER = "tests/test_browser.py::"
LONGEST_GROUPS = {
    BROWSER + "action-1of3": 36, BROWSER + "action-2of3": 33, PARSED_PAGES: 27,
    BROWSER + "actions-filtered-2of2": 24, BROWSER + "action-3of3": 23, "tests/test_hostile.py": 21,
    "tests/test_fail_loudly.py": 18, BROWSER + "actions-filtered-1of2": 17, BROWSER + "programme": 15,
    "tests/test_search_browser.py": 14, "tests/test_mutated_plans.py::1": 11, BROWSER + "topic": 11,
    "tests/test_subpath.py": 11, BROWSER + "organisation": 10, BROWSER + "commitment": 8, BROWSER + "action": 8,
    BROWSER + "plan": 8, "tests/test_search_split.py": 8, "tests/test_mutated_plans.py::2": 7,
    "tests/test_phone.py": 7, "tests/test_sticky.py": 6, BROWSER + "actions": 6, BROWSER + "home": 5,
    BROWSER + "law": 4, "tests/test_parse_damage.py": 4, "tests/test_search_parity.py": 4,
    "tests/test_action_filters.py": 4, BROWSER + "data": 4, "tests/test_core_model.py": 3,
    "tests/test_as_of.py": 3, "tests/test_write.py": 3, BROWSER + "pillar": 3, "tests/test_search_early.py": 3,
    BROWSER + "progress": 3, "tests/test_progress_site.py": 3,
}


def group_seconds(group: str) -> float:
    if group in LONGEST_GROUPS:
        return LONGEST_GROUPS[group]
    return 3 if group.startswith(BROWSER) else 1.5


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return SOURCE


@pytest.fixture(scope="session")
def settings() -> dict:
    """pelicanconf.py's settings, read the way Pelican reads them."""
    return runpy.run_path(str(SOURCE / "pelicanconf.py"))


@contextmanager
def shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """A folder every process of this run shares, held under a lock: with pytest-xdist (scripts/test.sh
    runs two workers) the first worker to get it does the work, and the others find it done."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / name
    folder.mkdir(exist_ok=True)
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory):
    """The site built once with pelicanconf.py: (output Path, completed Pelican process). Under xdist
    one worker builds it and the others read the same folder and the same log."""
    with shared(tmp_path_factory, "site") as folder:
        output, record = folder / "output", folder / "build.json"
        if record.is_file():
            done = json.loads(record.read_text(encoding="utf-8"))
            result = subprocess.CompletedProcess(done["args"], done["returncode"], done["stdout"], done["stderr"])
        else:
            result = build(output, "pelicanconf.py", cwd=SOURCE)
            record.write_text(json.dumps({"args": result.args, "returncode": result.returncode,
                                          "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
    if result.returncode != 0 or not (output / "index.html").is_file():
        pytest.fail(
            f"pelican content failed (exit {result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
            + ("\n(`Cannot load plugin`: the plugins package is installed with the project; run"
               " scripts/install_test_deps.sh or .venv/bin/python -m pip install -e '.[test]')"
               if "Cannot load plugin" in result.stdout + result.stderr else ""),
            pytrace=False,
        )
    return output, result


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def site(built_site: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(built_site)
    if any("vnu_report" in getattr(item, "fixturenames", ()) for item in request.session.items):
        jar = VNU_JAR
        if jar.is_file() and shutil.which("java"):
            with shared(tmp_path_factory, "vnu") as folder:
                if not (folder / "started").exists():  # under xdist, the first worker to read the site
                    (folder / "started").touch()
                    run = VnuRun(jar, [page.path for page in site.pages], folder)
                    request.addfinalizer(lambda: run.finish(stopping(request.session)))
            request.config.stash[VNU_RUN] = VnuRun.reader(folder)
    return site


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1:<free port>; yields the base URL with a trailing slash."""
    with StaticServer(built_site) as server:
        yield server.base_url


@pytest.fixture(scope="session")
def assets_cached_server(built_site: Path) -> Iterator[str]:
    """The built site served again, what its pages load cached (StaticServer's `max_age`), for
    test_browser.py's sweeps of every page: each page's HTML fetched anew, its stylesheet, script and
    icon taken from the browser's cache, as a reader going from page to page gets them: one request a
    page instead of four, and the stylesheet parsed once (a load's CPU about 15-20 ms, an eighth, less)."""
    with StaticServer(built_site, max_age=3600) as server:
        yield server.base_url


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} does not exist (Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def contexts(browser) -> Iterator[ContextPool]:
    """Browser contexts lent to one test at a time and reset between (helpers.browser.ContextPool)."""
    pool = ContextPool(browser)
    yield pool
    pool.close()


@pytest.fixture()
def page(contexts: ContextPool, request: pytest.FixtureRequest):
    """A new tab that records what must fail a test: JavaScript errors, CSP violations (console
    errors) and dialogs in `page.problems`; every URL it requests in `page.requests`. Its context is
    lent from `contexts`; a test marked `own_context` (one that sets a clock) gets a new one."""
    own = request.node.get_closest_marker("own_context") is not None
    with contexts.page(own=own, accept_downloads=True) as page:
        page.problems = []
        page.requests = []
        page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
        page.on(
            "console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda request: page.requests.append(request.url))
        yield page


@pytest.fixture(scope="session")
def node_modules() -> Path:
    path = REPO / "node_modules"
    if not path.is_dir():
        missing(f"{path} does not exist (npm packages not installed)")
    return path


@pytest.fixture(scope="session")
def axe_script(node_modules: Path) -> Path:
    path = node_modules / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"{path} does not exist (axe-core not installed)")
    return path


VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One short batch run on two shared cores: the client compiler only, one compiler thread, the serial
# collector and no perf-data file cut the JVM's CPU from about 17.5 to 9.7 s over the 590 pages (same
# report; a default JVM spends the difference on C2 compiles and parallel GC threads that a run this
# short never repays). -Xss4m: the checker recurses deeply on long pages.
VNU_JVM_FLAGS = ["-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData"]


class VnuRun:
    """The Nu HTML Checker over many files in one Java process, started at once and read when wanted.

    It writes its report, and then its exit status, to files in `folder`, so that any process of the
    run can read them (with pytest-xdist, the worker that started it may not be the one whose test reads
    it)."""

    def __init__(self, jar: Path | None, files: list[Path], folder: Path) -> None:
        self.folder = folder
        self.process = None
        if jar is not None:
            command = ["java", *VNU_JVM_FLAGS, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)]
            script = '"$@" >"$0/stdout" 2>"$0/stderr"; echo $? >"$0/status.part" && mv "$0/status.part" "$0/status"'
            self.process = subprocess.Popen(["sh", "-c", script, str(folder), *command], start_new_session=True)

    @classmethod
    def reader(cls, folder: Path) -> VnuRun:
        return cls(None, [], folder)

    def result(self, timeout: float = 900) -> tuple[int, str]:
        """(exit status, the JSON report: vnu writes it to stderr, or stdout)."""
        status = self.folder / "status"
        deadline = time.monotonic() + timeout
        while not status.is_file():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the Nu HTML Checker gave no answer in {timeout:.0f} s")
            time.sleep(0.2)
        returncode = int(status.read_text().strip())
        stderr, stdout = ((self.folder / name).read_text("utf-8", "replace").strip() for name in ("stderr", "stdout"))
        return returncode, stderr or stdout

    def finish(self, stop: bool) -> None:
        """At the end of the session of the process that started it: let it finish for a reader in another
        process (the run's test reads it before the run ends), unless the run is stopping (-x, or a
        failure before the test); stop it after the timeout."""
        try:
            self.process.wait(timeout=0 if stop else 900)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def stopping(session: pytest.Session) -> bool:
    return bool(session.shouldstop or session.shouldfail)


VNU_RUN = pytest.StashKey[VnuRun]()


@pytest.fixture(scope="session")
def vnu_report(site: Site, vnu_jar: Path, request: pytest.FixtureRequest, tmp_path_factory) -> tuple[int, str]:
    """The Nu HTML Checker's (exit status, JSON report) on every page of the site: the run `site` started
    in the background, or one started now."""
    run = request.config.stash.get(VNU_RUN, None)
    if run is None:
        folder = tmp_path_factory.mktemp("vnu-now")
        run = VnuRun(vnu_jar, [page.path for page in site.pages], folder)
        request.addfinalizer(lambda: run.finish(stopping(request.session)))
    return run.result()


@pytest.fixture(scope="session")
def vnu_jar(node_modules: Path) -> Path:
    path = VNU_JAR
    if not path.is_file():
        missing(f"{path} does not exist (vnu-jar not installed)")
    if shutil.which("java") is None:
        missing("no Java runtime on PATH (Debian's default-jre-headless)")
    return path
