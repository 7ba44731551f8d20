"""Loaded by pytest before Django's settings (`-p prongsai.testenv` in pyproject.toml).

Tests talk plain HTTP to the test client and to the live server, whose middleware is built
once per session; production settings redirect to HTTPS (SECURE_SSL_REDIRECT defaults on
when DEBUG is off), so the test process turns only that redirect off. Tests of the redirect
itself override the setting.
"""
import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
