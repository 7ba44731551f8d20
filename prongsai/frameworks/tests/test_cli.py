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
    ours, theirs = done.stdout.split("Other commands")
    # Prongsai's own first, each with what it does; Django's after, named only (an analyst read 60 names)
    assert "\n  import-report      Import a published ITA result report" in ours and "import_report" not in done.stdout
    assert "\n  score              Score every agency in the input files exactly as the\n" in ours
    assert "migrate" not in ours and " migrate " in theirs and "remove-stale-contenttypes" in theirs
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    done = prongsai("import-reprot")
    assert done.returncode == 1 and "Unknown command: 'import-reprot'" in done.stderr
    assert prongsai("import_report", "--help").returncode == 0  # the module's own name still works


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, capsys):
    """A tester's Ctrl-C during import-responses printed a 46-line traceback that read as a half-done
    import (nothing was saved: it is all or nothing); `score`, which runs without Django, too."""
    import pytest
    from django.core.management import ManagementUtility

    from prongsai.cli import main
    from prongsai.frameworks import score_cli

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(ManagementUtility, "execute", interrupted)
    monkeypatch.setattr(score_cli, "main", interrupted)
    for command in (["import-responses", "--year", "2567", "R.csv"], ["score", "--framework", "x"]):
        with pytest.raises(SystemExit) as exit_:
            main(command)
        assert exit_.value.code == 130
        assert capsys.readouterr().err == "\ninterrupted: nothing was written (imports, restores and output files are all or nothing)\n"


def test_synth_interrupted_leaves_no_file_cut_short(tmp_path, monkeypatch):
    """A reviewer's case: synth wrote R.csv in place, so an interrupt left a truncated file that scores."""
    import polars as pl
    import pytest

    from prongsai.bulk import synth
    from prongsai.scoring import load_pack

    data = synth.synthesize(load_pack("bma-district-2567"), agencies=20, responses=400, seed=1)

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(pl.DataFrame, "write_parquet", interrupted)  # after both CSVs are written
        with pytest.raises(KeyboardInterrupt):
            synth.write(data, tmp_path)
    assert list(tmp_path.iterdir()) == []  # neither R.csv nor O.csv, nor a .part
    synth.write(data, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["O.csv", "O.parquet", "R.csv", "R.parquet"]
