"""Test support for search: the real plan's search files, and lunr.js run through Node.

Node runs tests/search_node/lunr_tool.js, which loads lunr.js 2.3.9 from node_modules and the
page's own theme/static/js/search.js, so the tests exercise the code the browser runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.core.as_of import read_as_of, resolve_as_of
from plugins.core.plan import Plan, from_json
from plugins.search_index import build_search_files
from plugins.search_index.documents import FIELDS, search_documents
from plugins.search_index.pack import pack_documents
from plugins.search_index.pipeline import SEARCH_PIPELINE, field_terms, tokenize
from plugins.search_index.plain import english_words
from plugins.search_index.plugin import read_vocabulary
from plugins.search_index.reference import build_index, index_builder, index_pipeline, load_index, pack_index
from plugins.search_index.stemmer import stem_word

TESTS = Path(__file__).resolve().parents[1]
TOOL = Path(__file__).with_name("lunr_tool.js")

__all__ = [
    "FIELDS", "SEARCH_PIPELINE", "build_index", "build_search_files", "field_terms", "index_pipeline", "load_index",
    "model", "node",
    "pack_documents", "pack_index", "index_builder", "search_documents", "stem_word", "tokenize",
]


def node(command: str, payload: object, tmp_path: Path, script: Path | None = None) -> object:
    """Run one lunr_tool.js command on `payload` (written to a file) and return its JSON answer;
    `script`, another copy of search.js to run instead of theme/static/js/search.js."""
    if shutil.which("node") is None:
        if os.environ.get("CI"):  # in CI every check must run (as tests/conftest.py's `missing`)
            pytest.fail("node is not installed (CI is set, so this is a failure, not a skip)")
        pytest.skip("node is not installed")
    source = tmp_path / f"{command}-input.json"
    source.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "SEARCH_JS": str(script)} if script else None
    done = subprocess.run(
        ["node", str(TOOL), command, str(source)], capture_output=True, text=True, timeout=120, env=env
    )
    if done.returncode != 0:
        raise AssertionError(f"lunr_tool.js {command} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def plan(repo_root: Path) -> dict:
    """content/data/actions.json: the real plan model the site is built from."""
    path = repo_root / "content" / "data" / "actions.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/plan_to_pages.py first", pytrace=False)
    return read_site_plan(path, repo_root)


def read_site_plan(path: Path, repo_root: Path) -> dict:
    """actions.json as the build reads it: with each action's progress on the build's as-of date
    (plugins/core/as_of.py), which search's store carries for its filters."""
    model = json.loads(path.read_text(encoding="utf-8"))
    as_of, _source = resolve_as_of(os.environ.get("AS_OF_DATE"), os.environ.get("SOURCE_DATE_EPOCH"), repo_root)
    read_as_of(model, as_of)
    return model


@pytest.fixture(scope="session")
def model(plan: dict) -> Plan:
    """The typed model of that JSON (plugins/core/plan.py), which the search index reads."""
    return from_json(plan)


@pytest.fixture(scope="session")
def search_files(model: Plan, repo_root: Path) -> dict[str, bytes]:
    """The search files as the build writes them: with plan/vocabulary.toml and the word list."""
    vocabulary = read_vocabulary({"VOCABULARY_FILE": str(repo_root / "plan" / "vocabulary.toml")})
    return build_search_files(model, None, vocabulary, english_words())


@pytest.fixture(scope="session")
def english(search_files: dict[str, bytes]) -> list[str]:
    """Every word of the word list's files (search/words/<n>.txt), as the page has them once fetched."""
    return [w for path, data in search_files.items() if path.startswith("search/words/") for w in data.decode().split()]


@pytest.fixture(scope="session")
def packed(search_files: dict[str, bytes]) -> dict:
    return json.loads(search_files["search/lunr-index.json"])


@pytest.fixture(scope="session")
def node_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder for Node's inputs, once node_modules (with lunr) is known to be there."""
    if not (node_modules / "lunr" / "lunr.js").is_file():
        pytest.fail("node_modules/lunr is missing: run npm ci", pytrace=False)
    return tmp_path_factory.mktemp("lunr-node")
