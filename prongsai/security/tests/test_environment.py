"""Settings read from the environment (docs/deployment.md): a wrong value stops the start with the
variable's name, instead of a bare traceback, or a rate limit that fails every request it limits."""
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from prongsai.settings import env_int, env_rate, env_seconds


@pytest.mark.parametrize("given,expected", [(None, 5), ("", 5), (" 7 ", 7), ("๘", 8)])
def test_a_whole_number_setting_takes_its_default_or_the_number_given(monkeypatch, given, expected):
    if given is None:
        monkeypatch.delenv("PRONGSAI_MIN_CELL", raising=False)
    else:
        monkeypatch.setenv("PRONGSAI_MIN_CELL", given)
    assert env_int("PRONGSAI_MIN_CELL", 5, minimum=1) == expected


@pytest.mark.parametrize("given", ["five", "-1", "0", "2.5", "²", "+5"])
def test_a_wrong_whole_number_is_refused_naming_the_variable(monkeypatch, given):
    monkeypatch.setenv("PRONGSAI_MIN_CELL", given)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("PRONGSAI_MIN_CELL", 5, minimum=1)
    assert str(refused.value) == f"PRONGSAI_MIN_CELL={given!r}: give a whole number of at least 1"


@pytest.mark.parametrize("given,per,kept", [("120/600", "seconds", "120/600"), ("0/1", "seconds", "0/1"),
                                            ("0/0", "seconds", "0/0"), (" 120 / 600 ", "seconds", "120/600"),
                                            ("60/minute", "period", "60/minute"), ("3/s", "period", "3/s"),
                                            ("", "period", "")])
def test_a_rate_in_its_form_is_kept_without_spaces(monkeypatch, given, per, kept):
    """A count of 0 is no limit, whatever the window (0/0 meant that before the check too)."""
    monkeypatch.setenv("SOME_RATE", given)
    assert env_rate("SOME_RATE", "1/1", per=per) == kept


@pytest.mark.parametrize("given,per,form", [
    ("120/m", "seconds", "count/seconds, e.g. 120/600 (0/1: no limit)"),
    ("120", "seconds", "count/seconds, e.g. 120/600 (0/1: no limit)"),
    ("5/0", "seconds", "count/seconds, e.g. 120/600 (0/1: no limit)"),
    ("²/600", "seconds", "count/seconds, e.g. 120/600 (0/1: no limit)"),
    ("", "seconds", "count/seconds, e.g. 120/600 (0/1: no limit)"),
    ("60/m/x", "period", "count/period, the period second, minute, hour or day, e.g. 60/minute"),
    ("100/fortnight", "period", "count/period, the period second, minute, hour or day, e.g. 60/minute"),
    ("many/hour", "period", "count/period, the period second, minute, hour or day, e.g. 60/minute"),
])
def test_a_rate_out_of_its_form_is_refused_with_the_form_to_give(monkeypatch, given, per, form):
    monkeypatch.setenv("SOME_RATE", given)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_rate("SOME_RATE", "1/1", per=per)
    assert str(refused.value) == f"SOME_RATE={given!r}: give {form}"


def test_a_command_started_with_a_wrong_setting_says_which_in_one_line_and_exits_2(tmp_path):
    """Before: every questionnaire answered 500 (the survey rate was parsed at each submission), and
    a wrong number stopped commands with "invalid literal for int() with base 10"."""
    done = _prongsai(tmp_path, "check", PRONGSAI_SURVEY_RATE="120/m")
    assert done.returncode == 2
    assert done.stderr == "error: PRONGSAI_SURVEY_RATE='120/m': give count/seconds, e.g. 120/600 (0/1: no limit)\n"


@pytest.mark.parametrize("given,expected", [(None, 10.0), ("2.5", 2.5), ("30", 30.0)])
def test_seconds_take_a_fraction(monkeypatch, given, expected):
    if given is None:
        monkeypatch.delenv("PRONGSAI_LINK_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("PRONGSAI_LINK_TIMEOUT", given)
    assert env_seconds("PRONGSAI_LINK_TIMEOUT", 10.0) == expected


@pytest.mark.parametrize("given", ["0", "-1", "ten", "nan", "inf"])
def test_seconds_that_are_not_above_0_are_refused(monkeypatch, given):
    monkeypatch.setenv("PRONGSAI_LINK_TIMEOUT", given)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_seconds("PRONGSAI_LINK_TIMEOUT", 10.0)
    assert str(refused.value) == f"PRONGSAI_LINK_TIMEOUT={given!r}: give a number of seconds above 0, e.g. 10 or 2.5"


def _prongsai(tmp_path, *args, **env):
    env = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), **env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "prongsai", *args], env=env, capture_output=True, text=True, cwd=tmp_path)


def test_the_oit_settings_are_read_at_start_too(tmp_path):
    """They were read at each request: PRONGSAI_OIT_MAX_UPLOAD=10MB answered 500 on the OIT upload form."""
    done = _prongsai(tmp_path, "check", PRONGSAI_OIT_MAX_UPLOAD="10MB")
    assert done.returncode == 2
    assert done.stderr == "error: PRONGSAI_OIT_MAX_UPLOAD='10MB': give a whole number of at least 1\n"


def test_settings_and_pythonpath_given_to_a_command_are_used(tmp_path):
    """The check of the environment read the settings before Django applied --settings (a reviewer)."""
    (tmp_path / "alt_settings.py").write_text("from prongsai.settings import *  # noqa\nPRONGSAI_MIN_CELL = 42\n")
    done = _prongsai(tmp_path, "diffsettings", "--settings=alt_settings", f"--pythonpath={tmp_path}")
    assert done.returncode == 0, done.stderr
    assert "PRONGSAI_MIN_CELL = 42" in done.stdout
