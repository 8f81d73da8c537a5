"""The GitHub Actions workflows and editor/hook settings keep their safety properties.

A workflow that runs a pull request's code must never get secrets or a write token, every
action is pinned to a commit (a tag can be moved), and nothing from the event is pasted into
a shell script. Each `credir` command a workflow runs is parsed by the real CLI, so renaming
a flag cannot silently break CI.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import _parser
from support import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github/workflows"
PINNED = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("0b93645e9fea7318ecaed2b359559ac225c90474", "v5.3.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
}


def load(name: str) -> dict[str, Any]:
    """A workflow as data; YAML 1.1 reads the key `on` as True, so it is put back."""
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def step_running(workflow: dict[str, Any], command: str, job: str | None = None) -> dict[str, Any]:
    """The one step (of ``job``, or of the only job that runs it) whose script starts so."""
    scope = steps(workflow) if job is None else workflow["jobs"][job]["steps"]
    found = [s for s in scope if s.get("run", "").startswith(command)]
    assert len(found) == 1, f"one step must run `{command}`"
    return found[0]


ALL = sorted(path.name for path in WORKFLOWS.glob("*.yml"))


def test_the_three_workflows_exist() -> None:
    assert ALL == ["deploy.yml", "stale.yml", "validate.yml"]


@pytest.mark.parametrize("name", ALL)
def test_workflow_basics(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    code = [line.split("#")[0] for line in text.splitlines()]  # comments may name it
    assert not any("pull_request_target" in line for line in code)
    assert "pull_request_target" not in workflow["on"]
    assert "workflow_run" not in workflow["on"]
    for job in workflow["jobs"].values():
        assert "timeout-minutes" in job
    for run in runs(workflow):
        assert "${{" not in run, f"an expression is pasted into a script: {run}"


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_to_a_full_commit(name: str) -> None:
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"\s*(- )?uses:", line)]
    assert uses
    for line in uses:
        match = re.fullmatch(r"\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)", line)
        assert match, f"not pinned to a commit with a `# vX` comment: {line.strip()}"
        action, sha, version = match.groups()
        assert PINNED[action] == (sha, version), line


@pytest.mark.parametrize("name", ALL)
def test_checkout_keeps_no_credentials(name: str) -> None:
    for step in steps(load(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


JOBS = [
    (name, job)
    for name in ALL
    for job in load(name)["jobs"]
    if (name, job) != ("deploy.yml", "deploy")
]


@pytest.mark.parametrize("name,job", JOBS)
def test_python_and_install(name: str, job: str) -> None:
    """Every job that runs credir sets up Python 3.11 and installs credir once; the gate
    installs it from the base branch's checkout (see below), the others from their own."""
    workflow = load(name)
    setup = [
        s
        for s in workflow["jobs"][job]["steps"]
        if s.get("uses", "").startswith("actions/setup-python@")
    ]
    assert [s["with"]["python-version"] for s in setup] == ["3.11"]
    install = step_running(workflow, "pip install", job)["run"]
    assert install == (
        "pip install ./base" if (name, job) == ("validate.yml", "gate") else "pip install -e ."
    )


def test_validate_runs_on_pull_requests_only() -> None:
    workflow = load("validate.yml")
    assert list(workflow["on"]) == ["pull_request"]


# --- the gate: a pull request is judged by the base branch's code (docs/security.md) ------------


def gate() -> dict[str, Any]:
    return load("validate.yml")["jobs"]["gate"]


def checkouts(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The job's checkouts by the folder each fills."""
    found = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    by_path = {step["with"].get("path", "."): step["with"] for step in found}
    assert len(by_path) == len(found), "two checkouts into one folder"
    return by_path


def test_the_gate_checks_out_the_base_branch_and_the_pull_request_apart() -> None:
    folders = checkouts(gate())
    assert set(folders) == {"base", "pr"}
    # The base's code at the commit the pull request targets; never a ref the PR controls.
    assert folders["base"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    # The pull request as GitHub merges it (the default ref), with the history for the diff.
    assert "ref" not in folders["pr"] and folders["pr"]["fetch-depth"] == 0


def test_the_gate_runs_only_the_code_installed_from_the_base_checkout() -> None:
    """One install, from base/; every other script runs that `credir` on the pull request's
    files (`--root pr`) or moves its credentials/ as data. Nothing names a file of pr/ to
    install, import or execute, nor sets where Python or a shell looks for code."""
    job = gate()
    assert "defaults" not in job and "env" not in job and "container" not in job
    scripts = [step["run"] for step in job["steps"] if "run" in step]
    assert scripts[0] == "pip install ./base"
    assert [s.split()[1] for s in scripts if s.startswith("credir ")] == [
        "validate",
        "check-ownership",
        "codeowners",
        "changes",
        "build",
    ]
    for step in job["steps"]:
        assert "working-directory" not in step and "shell" not in step
        assert set(step.get("env", {})) <= {"PR_AUTHOR"}
        uses = step.get("uses", "")
        assert not uses.startswith("."), "a local action would be the pull request's code"
    for script in scripts[1:]:
        command = script.split(">>")[0]
        if command.startswith("credir "):
            words = shlex.split(command)
            root = words[words.index("--root") + 1]
            assert root == ("base" if words[1] == "build" else "pr"), script
            assert not any(w.startswith(("pr/", "./pr")) for w in words), script
        else:
            # Only this: the pull request's credentials/ replace the base's, for the build.
            assert command == "rm -rf base/credentials && cp -R pr/credentials base/credentials"


def test_the_gate_judges_with_every_check() -> None:
    workflow = load("validate.yml")

    def run(command: str) -> dict[str, Any]:
        return step_running(workflow, command, "gate")

    assert run("credir validate")["run"] == "credir validate --root pr --format github"
    ownership = run("credir check-ownership")
    assert ownership["env"] == {"PR_AUTHOR": "${{ github.event.pull_request.user.login }}"}
    assert ownership["run"] == (
        'credir check-ownership --root pr --base "origin/$GITHUB_BASE_REF" --author "$PR_AUTHOR"'
    )
    assert run("credir codeowners")["run"] == "credir codeowners --root pr --check"
    changes = run("credir changes")
    assert changes["run"] == (
        'credir changes --root pr --base "origin/$GITHUB_BASE_REF" --format markdown'
        ' >> "$GITHUB_STEP_SUMMARY"'
    )
    for step in (ownership, changes, run("credir codeowners")):
        assert step["if"] == "${{ !cancelled() }}"  # reported even when validation fails
    assert run("credir build")["run"] == "credir build --root base --out _site"


def test_the_pull_requests_own_code_runs_only_in_a_job_that_judges_nothing() -> None:
    """For changes to credir itself: the job builds with the pull request's code, which is
    safe under `pull_request` (no secrets, read-only token) but may not judge: it runs no
    check-ownership, codeowners or change report, so branch protection requires `gate`."""
    workflow = load("validate.yml")
    assert set(workflow["jobs"]) == {"gate", "own-code"}
    own = workflow["jobs"]["own-code"]
    assert checkouts(own) == {".": {"persist-credentials": False}}
    assert [s["run"] for s in own["steps"] if "run" in s] == [
        "pip install -e .",
        "credir build --out _site",
    ]


def test_deploy_publishes_on_push_to_main() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build  # the top-level read-only token
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    built = step_running(workflow, "credir build")["run"]
    assert upload["with"]["path"] == built.split("--out ")[1]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_stale_runs_weekly_into_the_job_summary() -> None:
    workflow = load("stale.yml")
    assert list(workflow["on"]) == ["schedule"]
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    *_, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    run = step_running(workflow, "credir stale")["run"]
    assert run.endswith('>> "$GITHUB_STEP_SUMMARY"') and "--format markdown" in run


@pytest.mark.parametrize("name", ALL)
def test_every_credir_command_parses(name: str) -> None:
    """The commands run in CI exist, with these flags (environment variables filled in)."""
    env = {"PR_AUTHOR": "someone", "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": "s.md"}
    for run in runs(load(name)):
        if not run.startswith("credir "):
            continue
        command = run.split(">>")[0]
        for variable, value in env.items():
            command = command.replace(f"${variable}", value)
        args = shlex.split(command)[1:]
        parsed = _parser().parse_args(args)  # exits (fails the test) on an unknown flag
        assert parsed.command == args[0]


# --- editor and pre-commit settings -------------------------------------------------------


def test_vscode_associates_the_schemas() -> None:
    settings = json.loads((REPO_ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert set(schemas) == {"./schema/credential.schema.json", "./schema/provider.schema.json"}
    for schema in schemas:
        assert (REPO_ROOT / schema).is_file()
    files = [p.relative_to(REPO_ROOT).as_posix() for p in REPO_ROOT.glob("credentials/*/*.yaml")]
    assert files

    def matches(schema: str, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, glob) for glob in schemas[schema])

    for path in files:
        is_provider = path.endswith("/_provider.yaml")
        assert matches("./schema/provider.schema.json", path) is is_provider, path
        assert matches("./schema/credential.schema.json", path) is not is_provider, path


def test_pre_commit_hook_runs_validate_on_credentials() -> None:
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "credir-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "credir validate"
    pattern = re.compile(hook["files"])
    assert pattern.search("credentials/acme/data-basics.yaml")
    assert not pattern.search("docs/credentials/x.yaml") and not pattern.search("README.md")
    assert _parser().parse_args(["validate", "credentials/acme/x.yaml"]).command == "validate"


def test_modeline_in_every_example_file_points_at_an_existing_schema() -> None:
    for path in sorted(REPO_ROOT.glob("credentials/*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        expected = "provider" if path.name == "_provider.yaml" else "credential"
        assert match.group(1) == f"../../schema/{expected}.schema.json"
        assert (path.parent / match.group(1)).resolve().is_file()


# --- zizmor, the GitHub Actions auditor (docs/security.md) --------------------------------------


def zizmor(*inputs: Path, persona: str = "pedantic") -> list[dict[str, Any]]:
    """zizmor's findings (offline: no network) on workflow files or folders."""
    executable = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(executable), "--offline", "--no-progress", "--format", "json", "--persona", persona]
        + [str(path) for path in inputs],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip().startswith("["), result.stderr
    return json.loads(result.stdout)


def test_zizmor_finds_nothing() -> None:
    """Not even the pedantic persona's findings: names, permission comments, concurrency."""
    findings = zizmor(WORKFLOWS)
    assert findings == [], [f["ident"] for f in findings]


def test_least_privilege() -> None:
    """Read-only everywhere; only the deploy job, which runs one pinned action and no
    repository code, may write, and only to Pages."""
    for name in ALL:
        workflow = load(name)
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert workflow["permissions"] == {"contents": "read"}
        assert "secrets." not in text and "write-all" not in text
        for job_name, job in workflow["jobs"].items():
            if (name, job_name) == ("deploy.yml", "deploy"):
                assert job["permissions"] == {"pages": "write", "id-token": "write"}
                assert all("run" not in step for step in job["steps"])
            else:
                assert "permissions" not in job, (name, job_name)


def test_zizmor_catches_a_pwn_request(tmp_path: Path) -> None:
    """The audit is real: the classic mistakes in one workflow are all reported."""
    bad = tmp_path / ".github/workflows/pwn.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "name: pwn\n"
        "on:\n  pull_request_target:\n"
        "jobs:\n  pwn:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}" && make\n',
        encoding="utf-8",
    )
    found = {finding["ident"] for finding in zizmor(bad, persona="regular")}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"} <= found
