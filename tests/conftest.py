"""Shared fixtures: the site built once per session, a local server for it, Debian's chromium, node tools.

Browser and node tools skip with a stated reason only outside CI (env CI set): in CI, a missing
browser, Java runtime or node_modules is a failure, so a green CI always means the checks ran.

Knobs for developers: TEST_SITE_SOURCE=<dir> builds a scratch copy of the sources instead of this
repository; AXE_ACTION_SAMPLE=5 runs axe in the light scheme on every 5th action page (and the damaged ones)
instead of all 259 (docs/architecture.md, "Tests", says what each sweep covers); SWEEP_TABS=1 runs the
axe and reflow sweeps in one tab instead of two.
Markers: `-m "not browser"` leaves out chromium, `-m "not slow"` the extra whole-site builds.

The Nu HTML Checker (one Java process over every page) starts in the background as soon as the site is
read, when a collected test asks for `vnu_report`, so that it runs on the second core while the browser
tests run; the test collects its answer.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import ContextPool
from helpers.server import StaticServer
from helpers.site import REPO, Site, build

# Debian's chromium; CHROMIUM_PATH names another build (GitHub's Ubuntu runners use Playwright's own).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
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


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return SOURCE


@pytest.fixture(scope="session")
def settings() -> dict:
    """pelicanconf.py's settings, read the way Pelican reads them."""
    return runpy.run_path(str(SOURCE / "pelicanconf.py"))


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory):
    """The site built once with pelicanconf.py: (output Path, completed Pelican process)."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(output, "pelicanconf.py", cwd=SOURCE)
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
def site(built_site: Path, request: pytest.FixtureRequest) -> Site:
    site = Site(built_site)
    if any("vnu_report" in getattr(item, "fixturenames", ()) for item in request.session.items):
        jar = VNU_JAR
        if jar.is_file() and shutil.which("java"):
            run = VnuRun(jar, [page.path for page in site.pages])
            request.config.stash[VNU_RUN] = run
            request.addfinalizer(run.stop)
    return site


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1:<free port>; yields the base URL with a trailing slash."""
    with StaticServer(built_site) as server:
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


class VnuRun:
    """The Nu HTML Checker over many files in one Java process, started at once and read when wanted."""

    def __init__(self, jar: Path, files: list[Path]) -> None:
        self.stdout = tempfile.TemporaryFile()
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            ["java", "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
            stdout=self.stdout,
            stderr=self.stderr,
        )

    def result(self, timeout: float = 900) -> tuple[int, str]:
        """(exit status, the JSON report: vnu writes it to stderr, or stdout)."""
        returncode = self.process.wait(timeout=timeout)
        stderr, stdout = (self.read(f) for f in (self.stderr, self.stdout))
        return returncode, stderr or stdout

    @staticmethod
    def read(file) -> str:
        file.seek(0)
        return file.read().decode("utf-8", "replace").strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.stderr.close()


VNU_RUN = pytest.StashKey[VnuRun]()


@pytest.fixture(scope="session")
def vnu_report(site: Site, vnu_jar: Path, request: pytest.FixtureRequest) -> tuple[int, str]:
    """The Nu HTML Checker's (exit status, JSON report) on every page of the site: the run `site` started
    in the background, or one started now."""
    run = request.config.stash.get(VNU_RUN, None)
    if run is None:
        run = VnuRun(vnu_jar, [page.path for page in site.pages])
        request.addfinalizer(run.stop)
    return run.result()


@pytest.fixture(scope="session")
def vnu_jar(node_modules: Path) -> Path:
    path = VNU_JAR
    if not path.is_file():
        missing(f"{path} does not exist (vnu-jar not installed)")
    if shutil.which("java") is None:
        missing("no Java runtime on PATH (Debian's default-jre-headless)")
    return path
