"""Production settings pass Django's deployment checks with nothing to warn about."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_manage(args, tmp_path, **env):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongzhi.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "gongzhi.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "GONGZHI_VAR_DIR": str(tmp_path),
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=environment,
        capture_output=True, text=True, timeout=300,
    )


@pytest.mark.parametrize("env", [{}, {"CSP_REPORT_ONLY": "1"}], ids=["csp-enforced", "csp-report-only"])
def test_check_deploy_reports_no_warnings(tmp_path, env):
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage(["check"], tmp_path, SECRET_KEY="")
    assert result.returncode != 0


@pytest.mark.parametrize("key", ["SECRET_KEY"])
def test_production_needs_the_secret_key_from_the_environment(tmp_path, key):
    environment_without = {k: v for k, v in os.environ.items() if k != key}
    result = subprocess.run(
        [sys.executable, "-c", "import gongzhi.settings.production"],
        cwd=REPO, env={**environment_without, "PYTHONPATH": str(REPO / "site") + os.pathsep + str(REPO)},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert key in result.stderr


def test_production_refuses_to_run_without_redis_shared_by_the_workers(tmp_path):
    result = run_manage(["check"], tmp_path, REDIS_URL="")
    assert result.returncode != 0
    assert "gongzhi.E001" in result.stderr and "REDIS_URL" in result.stderr


def test_gunicorn_refuses_to_start_without_redis(tmp_path):
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
                   "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "gongzhi.example.org",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "GONGZHI_VAR_DIR": str(tmp_path),
                   "GUNICORN_BIND": "127.0.0.1:8118", "GUNICORN_WORKERS": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py", "gongzhi.wsgi"],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "gongzhi.E001" in result.stderr
