"""The application warms itself before its first request (prongsai/wsgi.py): under gunicorn
--preload a worker's first questionnaires took 0.3 s more while respondents queued behind them
(the timed minute's first second held most of its slow answers, docs/scale.md)."""
import os
import subprocess
import sys

from django.utils import translation

from prongsai.scoring import load_pack
from prongsai.surveys.questionnaire import _pack_fields, pack_languages, warm

FW = "bma-district-2567"


def test_warmed_fields_are_those_the_page_builds_in_each_language():
    """Built in the page's language, as views.questionnaire builds them: a field warmed in another
    language would tell every respondent of its questionnaire to answer in the wrong one."""
    _pack_fields.cache_clear()
    with translation.override("en"):  # whatever is active when warming does not matter
        warm(FW)
    warmed = _pack_fields.cache_info().currsize
    pack = load_pack(FW)
    expected = {"th": "กรุณาตอบข้อนี้", "en": "Please answer this question."}
    seen = 0
    for tool in ("IIT", "EIT"):
        for language in pack_languages(pack, tool):
            fields = dict(_pack_fields(FW, tool, language))
            question = next(f for name, f in fields.items() if name.startswith("q_"))
            if language in expected:
                assert question.error_messages["required"] == expected[language]
            seen += 1
    assert warmed == seen >= 4  # IIT th/en, EIT th/en/zh/my: each built once, by the warm-up
    assert _pack_fields.cache_info().currsize == warmed


def test_importing_the_wsgi_application_warms_it_and_opens_no_database_connection(tmp_path):
    """A connection opened in gunicorn's master would be shared by every fork."""
    env = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "prongsai.settings"}
    code = ("import sys\nfrom prongsai.wsgi import application\nfrom django.db import connection\n"
            "from prongsai.surveys.questionnaire import _pack_fields\n"
            "print(connection.connection is None, 'prongsai.api.urls' in sys.modules, _pack_fields.cache_info().currsize > 0)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
