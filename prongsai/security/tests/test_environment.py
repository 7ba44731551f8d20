"""Settings read from the environment (docs/deployment.md): a wrong value stops the start with the
variable's name, instead of a bare traceback, or a rate limit that fails every request it limits."""
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from prongsai.settings import env_int, env_rate


@pytest.mark.parametrize("given,expected", [(None, 5), ("", 5), (" 7 ", 7), ("๘", 8)])
def test_a_whole_number_setting_takes_its_default_or_the_number_given(monkeypatch, given, expected):
    if given is None:
        monkeypatch.delenv("PRONGSAI_MIN_CELL", raising=False)
    else:
        monkeypatch.setenv("PRONGSAI_MIN_CELL", given)
    assert env_int("PRONGSAI_MIN_CELL", 5, minimum=1) == expected


@pytest.mark.parametrize("given", ["five", "-1", "0", "2.5"])
def test_a_wrong_whole_number_is_refused_naming_the_variable(monkeypatch, given):
    monkeypatch.setenv("PRONGSAI_MIN_CELL", given)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("PRONGSAI_MIN_CELL", 5, minimum=1)
    assert str(refused.value) == f"PRONGSAI_MIN_CELL={given!r}: give a whole number of at least 1"


@pytest.mark.parametrize("given,per", [("120/600", "seconds"), ("0/1", "seconds"), ("60/minute", "period"),
                                       ("3/s", "period"), ("", "period")])
def test_a_rate_in_its_form_is_kept_as_given(monkeypatch, given, per):
    monkeypatch.setenv("SOME_RATE", given)
    assert env_rate("SOME_RATE", "1/1", per=per) == given


@pytest.mark.parametrize("given,per,form", [
    ("120/m", "seconds", "count/seconds, e.g. 120/600"),
    ("120", "seconds", "count/seconds, e.g. 120/600"),
    ("5/0", "seconds", "count/seconds, e.g. 120/600"),
    ("", "seconds", "count/seconds, e.g. 120/600"),
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
    env = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "PRONGSAI_SURVEY_RATE": "120/m"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-m", "prongsai", "check"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "error: PRONGSAI_SURVEY_RATE='120/m': give count/seconds, e.g. 120/600\n"
