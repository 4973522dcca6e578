"""The size guard (issue 22): a build reports what the site weighs, and `make size`
(`python -m tifa size`) stops a deployment its host would refuse, before the upload."""

from __future__ import annotations

import yaml

from helpers import ROOT, tifa
from tifa.site import hosting


def tree(root, files: int, size: int):
    for i in range(files):
        folder = root / f"d{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.html").write_bytes(b"x" * size)
    return root


def test_weigh_counts_bytes_files_and_folders(tmp_path):
    site = tree(tmp_path / "site", 7, 1000)
    weight = hosting.weigh(site)
    assert (weight.bytes, weight.files, weight.entries) == (7000, 7, 10)
    assert str(weight) == "7 files, 0.0 MB"


def test_a_host_refuses_what_is_over_its_limits():
    small = hosting.Host("Tiny Pages", 5000, 8, "https://example.org/limits")
    assert hosting.refusal(hosting.Weight(4000, 5, 8), small) is None
    message = hosting.refusal(hosting.Weight(7000, 7, 10), small)
    assert message == (
        "Tiny Pages would refuse this site (0.0 MB, over its 0 MB; 10 files and folders, over its 8; https://example.org/limits): it was not uploaded"
    )
    assert hosting.HOSTS["github-pages"].max_bytes == 1_000_000_000 and hosting.HOSTS["gitlab-pages"].max_entries == 200_000


def test_tifa_size_reports_and_fails_over_the_limit(tmp_path):
    site = tree(tmp_path / "site", 4, 2000)
    ok = tifa("size", str(site), "--host", "github-pages")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"{site}: 4 files, 0.0 MB (0 % of GitHub Pages's 1,000 MB)")
    over = tifa("size", str(site), "--host", "github-pages", "--max-bytes", "5000")
    assert over.returncode == 1
    assert "GitHub Pages would refuse this site (0.0 MB, over its 0 MB;" in over.stdout + over.stderr
    missing = tifa("size", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no built site" in missing.stdout + missing.stderr


def test_the_deploy_workflow_checks_the_size_before_uploading():
    steps = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    runs = [s.get("run", "") + s.get("uses", "") for s in steps]
    build = next(i for i, r in enumerate(runs) if "make site" in r)
    size = next(i for i, r in enumerate(runs) if "make size" in r)
    upload = next(i for i, r in enumerate(runs) if "upload-pages-artifact" in r)
    assert build < size < upload
