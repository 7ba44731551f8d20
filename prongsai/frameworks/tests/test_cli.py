import subprocess
import sys


def prongsai(*args):
    return subprocess.run([sys.executable, "-m", "prongsai", *args], capture_output=True, text=True, check=False)


def test_dashed_command_names_reach_their_commands():
    done = prongsai("help", "import-report")
    assert done.returncode == 0
    assert "published ITA result report" in done.stdout
    done = prongsai("import-report", "/nonexistent/report.json")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: report.json: no such file"
