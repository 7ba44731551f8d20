import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command


@pytest.fixture
def staff(db):
    return User.objects.create_user("coordinator", password="x", is_staff=True, first_name="วิไล", last_name="ประสานงาน")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def library(db):
    call_command("load_measures", stdout=io.StringIO())
