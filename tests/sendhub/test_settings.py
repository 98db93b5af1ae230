"""Settings come from the environment: a safe first run, a strict production."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: nothing from the test process (or the browser tests' async flag) leaks in.
    leaks = {
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_ENV",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "CACHE_URL",
        "EMAIL_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in leaks}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "sendhub.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }


def test_with_no_environment_the_first_run_uses_sqlite_eager_tasks_and_console_email():
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
        " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG, 'tz': s.TIME_ZONE}))",
        env={},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
        "tz": "Europe/London",
    }


def test_database_and_broker_come_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        env={
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/somewhere",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "somewhere",
        "False",
        "redis://127.0.0.1:6379/3",
    ]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_a_broker(tmp_path):
    env = production_env(tmp_path)
    del env["CELERY_BROKER_URL"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set the CELERY_BROKER_URL environment variable" in result.stderr


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        ("0", ["None", "('REMOTE_ADDR',)"]),
        ("1", ["0", "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR')"]),
        ("2", ["1", "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR')"]),
    ],
)
def test_trusted_proxy_count_is_read_into_django_ipware_settings_for_the_lock_out(tmp_path, count, expected):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.AXES_CLIENT_IP_CALLABLE);"
        " print(s.AXES_IPWARE_PROXY_COUNT); print(s.AXES_IPWARE_META_PRECEDENCE_ORDER)",
        env={**production_env(tmp_path), "TRUSTED_PROXY_COUNT": count},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-3:] == ["sendhub.clientip.client_ip", *expected]


def test_production_refuses_a_short_secret_key(tmp_path):
    result = run_manage("check", env={**production_env(tmp_path), "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_deploy_check_reports_nothing_and_debug_is_off(tmp_path):
    env = production_env(tmp_path)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    debug = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env={**env, "DEBUG": "true"}
    )
    assert debug.stdout.strip().splitlines()[-1] == "False"


def test_pinned_govuk_frontend_is_the_version_crispy_forms_gds_is_told_about():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["govuk-frontend"] == settings.CRISPY_GDS_FRONTEND_VERSION
    installed = json.loads((ROOT / "node_modules" / "govuk-frontend" / "package.json").read_text())
    assert installed["version"] == settings.CRISPY_GDS_FRONTEND_VERSION
    # crispy-forms-gds 2.x declares support for GOV.UK Frontend 5.0 to 5.8.
    major, minor, _ = (int(part) for part in installed["version"].split("."))
    assert (major, minor) >= (5, 0) and (major, minor) <= (5, 8)


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt"])
def test_every_python_requirement_is_pinned_exactly(name):
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            assert "==" in line, f"{name}: {line} is not pinned with =="
