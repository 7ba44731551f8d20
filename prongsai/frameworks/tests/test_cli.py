import subprocess
import sys


def prongsai(*args):
    return subprocess.run([sys.executable, "-m", "prongsai", *args], capture_output=True, text=True, check=False)


def test_dashed_command_names_reach_their_commands():
    done = prongsai("help", "import-report")
    assert done.returncode == 0
    assert "published ITA result report" in done.stdout
    assert done.stdout.startswith("usage: prongsai import-report ")  # the name as typed, not import_report
    done = prongsai("import-report", "/nonexistent/report.json")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: report.json: no such file"


def test_the_command_list_and_unknown_names_use_dashes():
    done = prongsai("help")
    assert done.returncode == 0
    assert "    import-report\n" in done.stdout and "import_report" not in done.stdout
    done = prongsai("import-reprot")
    assert done.returncode == 1 and "Unknown command: 'import-reprot'" in done.stderr
    assert prongsai("import_report", "--help").returncode == 0  # the module's own name still works


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, capsys):
    """A tester's Ctrl-C during import-responses printed a 46-line traceback that read as a half-done
    import (nothing was saved: it is all or nothing)."""
    import pytest
    from django.core.management import ManagementUtility

    from prongsai.cli import main

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ManagementUtility, "execute", interrupted)
    with pytest.raises(SystemExit) as exit_:
        main(["import-responses", "--year", "2567", "R.csv"])
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "\ninterrupted: nothing was written (imports, restores and output files are all or nothing)\n"
