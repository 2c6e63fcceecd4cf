"""newuser59: deploy/README.md as a platform engineer read it on a podman host without systemd (a CI runner):
the container recipe's first `podman run` failed with `error setting rlimit type 7` and only a paragraph after the
recipe said what to add; `exitguard_allow_upstreams=HOST:PORT` took the name the client uses, which the guide did
not say (the address it resolves to is refused); and the replica sizing said "measure with your traffic" with a
bench that could send only ~1 KB bodies and JSON answers, while a streamed answer costs many times more."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.live.harness import ROOT

GUIDE = (ROOT / "deploy" / "README.md").read_text()


def section(title: str) -> str:
    return GUIDE.split(title, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_the_container_recipe_says_what_podman_needs_before_its_first_run():
    recipe = section("## 4. Containers").split("```bash\n", 1)[1].split("```", 1)[0]
    first_run = recipe.index("podman run")
    assert "--ulimit nofile=" in recipe[:first_run] and "rlimit type 7" in recipe[:first_run]
    assert "--health-interval disable" in recipe[:first_run]


def test_the_guide_says_an_allowed_upstream_is_named_as_the_client_names_it():
    text = " ".join(GUIDE.split())
    assert "exitguard_allow_upstreams=HOST:PORT\"` (plus" in text
    assert "HOST:PORT as the client names it (`api.openai.com:443`), not the address it resolves to" in text


def test_the_sizing_names_streamed_answers_and_the_bench_options_that_measure_them():
    sizing = section("### How many replicas for N agents")
    assert "--stream-tokens" in sizing and "--prompt-kb" in sizing and "20 agents" in sizing
    usage = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_scale.py"), "--help"],
                           capture_output=True, text=True, timeout=60, check=True).stdout
    named = set(re.findall(r"bench_scale\.py[^`]*?(--[a-z][a-z-]+)", sizing)) | set(re.findall(r"`(--[a-z-]+)", sizing))
    assert named and all(option in usage for option in named), named
