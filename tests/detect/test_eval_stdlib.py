"""scripts/eval_stdlib.py on a small tree: the counts, the policy's actions, test folders, and no value printed."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("eval_stdlib", ROOT / "scripts" / "eval_stdlib.py")
eval_stdlib = importlib.util.module_from_spec(spec)
sys.modules["eval_stdlib"] = eval_stdlib  # its dataclass looks its module up there
spec.loader.exec_module(eval_stdlib)

PERSONAL = "maria.gonzalez@gmail.com"


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(f'__author__ = "Maria Gonzalez <{PERSONAL}>"\n'
                                             f'NOTIFY = "{PERSONAL}"\n')
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "test_mod.py").write_text('HOST = "81.169.145.45"\n')
    (tmp_path / "site-packages").mkdir()
    (tmp_path / "site-packages" / "other.py").write_text(f'X = "{PERSONAL}"\n')
    return tmp_path


def test_counts_actions_and_test_folders(tmp_path, monkeypatch, capsys):
    tree = _tree(tmp_path)
    # In this process (a second interpreter cost ~2 s of CPU): the script's main as its command line runs it.
    monkeypatch.setattr(sys, "argv", ["eval_stdlib.py", "--stdlib", str(tree), "--list"])
    assert eval_stdlib.main() == 0
    everything = capsys.readouterr().out
    assert "scanned 2 files" in everything  # site-packages is not the standard library
    assert "findings: 3 " in everything
    assert "acted on by the default policy (mask/approve/block): 2 " in everything
    assert "pkg/mod.py:1 email-address public allow" in everything
    assert "pkg/mod.py:2 email-address confidential mask" in everything
    assert "test/test_mod.py:1 ipv4-address internal mask" in everything
    assert PERSONAL not in everything and "81.169.145.45" not in everything
    without_tests = eval_stdlib.python_files(tree, skip_tests=True)
    assert [p.relative_to(tree).as_posix() for p in without_tests] == ["pkg/mod.py"]
