"""addons/core/heap.py: the start-up objects frozen once, what comes later collected as before. Run in a fresh
interpreter: a freeze in the test process would last for the rest of the run."""

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent("""
    import gc, weakref
    from addons.core.heap import freeze_start_up_objects

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    early = cycle()  # made before the freeze: kept for good, as import-time objects are
    freeze_start_up_objects()
    frozen = gc.get_freeze_count()
    assert frozen > 1000, frozen  # (a site hook may have frozen a few hundred before)
    later = cycle()  # made after it: the rules, the policy, flows
    freeze_start_up_objects()  # a hot reload of bundle.py: nothing more frozen
    assert gc.get_freeze_count() == frozen, (gc.get_freeze_count(), frozen)
    gc.collect()
    assert later() is None, "a cycle made after the freeze was not collected"
    assert early() is not None, "the objects that existed at the freeze were not kept out of collections"
    print("ok")
""")


def test_the_start_up_objects_are_frozen_once_and_later_cycles_still_collected():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"



PROGRAM = textwrap.dedent("""
    import gc, sys
    from addons.cli.main import main
    before = gc.get_freeze_count()  # not 0 in every interpreter: a site hook may have frozen a few already
    sys.argv = ["exitguard", "rules", "list"]
    main({argv})
    print(gc.get_freeze_count() - before)
""")


def test_the_exitguard_program_freezes_and_a_call_from_other_code_does_not():
    """Run as the program (the console script, the tests' fork server), the CLI freezes its imports; called as
    main([...]) by other code (the tests, in their own process) it leaves that process's collector alone."""
    counts = []
    for argv in ("", '["rules", "list"]'):
        result = subprocess.run([sys.executable, "-c", PROGRAM.format(argv=argv)], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.splitlines()[-1]))
    assert counts[0] > 1000 and counts[1] == 0, counts
