"""The GitHub set-up: hardened workflows (linted by zizmor, offline), issue forms, PR
template, editor settings and the pre-commit hooks, each checked for what it promises."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, copy_project

WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).with_name("zizmor")
USES = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@(\S+)(.*)$")


def load(path: Path) -> dict:
    # BaseLoader: every scalar a string, and the key `on` stays "on" (YAML 1.1 reads True).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def zizmor(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    assert ZIZMOR.exists(), "zizmor is missing from .venv: pip install -r requirements.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--format", "plain", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_zizmor_finds_nothing():
    run = zizmor(".github")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings to report" in run.stdout + run.stderr


def test_zizmor_does_catch_a_dangerous_workflow(tmp_path):
    """The linter is not a formality: the mistakes it must catch make it fail."""
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    run = zizmor(".", cwd=tmp_path)
    assert run.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in run.stdout, audit


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version(path):
    uses = [USES.match(line) for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses and all(uses)
    for m in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", m.group(2)), m.group(0)
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", m.group(3)), m.group(0)


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_least_privilege_and_no_injection(path):
    flow = load(path)
    triggers = set(flow["on"]) if isinstance(flow["on"], dict) else {flow["on"]}
    assert triggers & {"pull_request_target", "workflow_run", "issue_comment"} == set()
    assert flow["permissions"] == {"contents": "read"}
    for name, job in flow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert "permissions" not in job, name
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{name}: pass values to run: through env:"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"


def steps(job) -> str:
    return "\n".join(s.get("run", "") + s.get("uses", "") for s in job["steps"])


def test_pull_request_workflow():
    flow = load(WORKFLOWS / "pull-request.yml")
    assert set(flow["on"]) == {"pull_request", "workflow_dispatch"}
    jobs = flow["jobs"]
    assert "make check" in steps(jobs["check"])  # the CLI prints ::error lines when GITHUB_ACTIONS=true
    assert "bash .ci/run" in steps(jobs["test"])
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "apt-get install" in ci and "chromium" in ci and "make test" in ci
    assert "make site" in steps(jobs["preview"]) and "actions/upload-artifact@" in steps(jobs["preview"])
    upload = next(s for s in jobs["preview"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    # The preview runs the base branch's code on the pull request's annotations only.
    checkouts = [s for s in jobs["preview"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts[0]["with"]["ref"].startswith("${{ github.event.pull_request.base.sha")
    assert checkouts[1]["with"]["path"] == "pull-request"
    script = steps(jobs["preview"])
    assert "cp -R pull-request/annotations annotations" in script and "rm -rf pull-request" in script
    assert script.index("rm -rf pull-request") < script.index("make site")


def test_deploy_workflow():
    flow = load(WORKFLOWS / "deploy.yml")
    assert flow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "make check" in steps(build) and "make site" in steps(build) and "actions/upload-pages-artifact@" in steps(build)
    assert deploy["needs"] == "build" and "actions/deploy-pages@" in steps(deploy)
    assert deploy["environment"]["name"] == "github-pages"


def test_github_annotations_come_from_the_checker(make_tree, run_tifa):
    root = make_tree({"concepts/alpha-formulation.yml": "id: alpha-formulation\nlabl: x\n"})
    run = run_tifa("--root", root, "check", env={"GITHUB_ACTIONS": "true"}, cwd=root.parent)
    assert any(line.startswith("::error file=annotations/concepts/alpha-formulation.yml,line=2,col=1::T101 ") for line in run.stdout.splitlines())


def test_issue_forms():
    folder = ROOT / ".github" / "ISSUE_TEMPLATE"
    for name in ("wrong-annotation.yml", "propose-concept.yml"):
        form = load(folder / name)
        assert form["name"] and form["description"]
        ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)) >= 2
        assert all(item["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes") for item in form["body"])
        assert any(item.get("validations", {}).get("required") == "true" for item in form["body"])
    config = load(folder / "config.yml")
    assert {link["url"] for link in config["contact_links"]} == {"https://tifa-atlas.github.io/tifa/contributing/", "https://tifa-atlas.github.io/tifa/codes/"}


def test_pull_request_template_is_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.MULTILINE)) >= 5
    assert "python -m tifa check" in text and "python -m tifa missing" in text and "former_ids" in text


def test_editor_maps_each_folder_to_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert sorted(mapping) == sorted(f"./schemas/{k}.schema.json" for k in ("article", "concept", "person", "place", "organization"))
    files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "annotations").rglob("*.yml")]  # the live files: their $schema lines are data
    for path in files:
        matches = [schema for schema, glob in mapping.items() if fnmatch.fnmatch(path, glob)]
        assert len(matches) == 1, path
        first = (ROOT / path).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.endswith(matches[0][1:]), (path, first)  # the file's own $schema line agrees
    assert json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"] == ["redhat.vscode-yaml"]


def test_pre_commit_hook_checks_only_the_files_it_is_given(tmp_path):
    hooks = {h["id"]: h for repo in load(ROOT / ".pre-commit-config.yaml")["repos"] for h in repo["hooks"]}
    hook = hooks["tifa-check"]
    pattern = re.compile(hook["files"])
    assert pattern.search("annotations/articles/2024/x.yml") and pattern.search("annotations/concepts/x.yaml")
    assert not pattern.search("docs/index.md") and not pattern.search("tests/fixtures/checker/base/annotations/concepts/x.yml")
    project = copy_project(tmp_path / "p")
    os.symlink(ROOT / ".venv", project / ".venv")  # the hook runs the project's .venv
    broken = project / "annotations/concepts/zz-broken.yml"
    broken.write_text("id: zz-broken\nlabl: x\n", encoding="utf-8")
    entry = shlex.split(hook["entry"])
    good = "annotations/concepts/new-quality-productive-forces.yml"
    run = subprocess.run(entry + [good], cwd=project, capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stdout) == (0, "checked 1 file: no problems\n")
    run = subprocess.run(entry + [good, "annotations/concepts/zz-broken.yml"], cwd=project, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert all(line.startswith("annotations/concepts/zz-broken.yml:") for line in run.stdout.splitlines()[:-1])
    assert run.stdout.splitlines()[-1] == "checked 2 files: 3 problems in 1 file"
    fields_hook = subprocess.run(shlex.split(hooks["tifa-fields"]["entry"]), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (fields_hook.returncode, fields_hook.stdout) == (0, "docs/fields.md is up to date\n")
