"""One migrated test database per run, copied for each xdist worker (tests/conftest.py wires it in).

Migrating Gongzhi's ~260 migrations and syncing the roles took each worker ~1 to 2 minutes of
setup before its first test. With ``-n N`` the controller now builds one template first (in a
subprocess: ``create_test_db`` as pytest-django would) and each worker copies it:

- SQLite: the template is a file in a temporary folder; a worker loads it into its in-memory
  test database with SQLite's backup API (what Django's own parallel runner does).
- PostgreSQL: the template is ``test_<name>_template``; a worker's database is
  ``CREATE DATABASE test_<name>_gwN TEMPLATE test_<name>_template``.

Both are built afresh each run (so ``--create-db`` still means a fresh database) and removed at the
end. Without xdist (``-n 0``), with ``--reuse-db`` or ``--no-migrations``, pytest-django's own
setup runs unchanged.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER_KEY = "gongzhi_template_db"


def _wanted(config):
    """Only when xdist distributes the run, and pytest-django would create the databases afresh."""
    return (config.pluginmanager.getplugin("dsession") is not None
            and not (config.getoption("reuse_db", False) and not config.getoption("create_db", False))
            and not config.getoption("nomigrations", False))


def _template_name(tmp_dir):
    """Where the template lives: a file for SQLite, a database name for a server."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return str(Path(tmp_dir) / "template.sqlite3")
    return f"{db.get('TEST', {}).get('NAME') or 'test_' + db['NAME']}_template"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    config = session.config
    if hasattr(config, "workerinput") or not _wanted(config):
        return
    tmp_dir = tempfile.mkdtemp(prefix="gongzhi-template-db-")
    name = _template_name(tmp_dir)
    started = time.monotonic()
    _run("create", name, tmp_dir)
    config._gongzhi_template = (name, tmp_dir)
    config.get_terminal_writer().line(f"test database template migrated once in {time.monotonic() - started:.1f}s")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    template = getattr(node.config, "_gongzhi_template", None)
    if template:
        node.workerinput[WORKER_KEY] = template[0]


def pytest_sessionfinish(session):
    template = getattr(session.config, "_gongzhi_template", None)
    if template is None:
        return
    name, tmp_dir = template
    if not name.endswith(".sqlite3"):
        _run("drop", name, tmp_dir)
    shutil.rmtree(tmp_dir, ignore_errors=True)


def _run(action, name, tmp_dir):
    """This module as a script, with the suite's settings: the controller process keeps off the database."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "gongzhi.settings.test"),
               SEARCH_INDEX_DIR=tmp_dir, PYTHONPATH=os.pathsep.join([str(ROOT / "site"), str(ROOT)]))
    subprocess.run([sys.executable, "-m", "tests.template_db", action, name], cwd=ROOT, env=env, check=True)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The worker's test database, copied from the run's template (else pytest-django's setup)."""
    template = getattr(request.config, "workerinput", {}).get(WORKER_KEY)
    if template is None:
        yield from _pytest_django_setup(request, django_db_blocker)
        return
    from django.conf import settings
    from django.db import connection

    with django_db_blocker.unblock():
        old_name = connection.settings_dict["NAME"]
        test_name = connection.creation._get_test_db_name()
        connection.close()
        if connection.vendor == "sqlite":
            _use(connection, settings, test_name)
            import sqlite3

            source = sqlite3.connect(template)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
                cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
            _use(connection, settings, test_name)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _use(connection, settings, test_name):
    """Point the connection (and settings) at the test database, as ``create_test_db`` does."""
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()


def _pytest_django_setup(request, django_db_blocker):
    """pytest-django's own ``django_db_setup`` (tests/conftest.py overrides the name)."""
    from pytest_django.fixtures import django_db_setup as original

    fixture_function = getattr(original, "__wrapped__", None) or original._get_wrapped_function()
    yield from fixture_function(
        request, None, django_db_blocker,
        request.getfixturevalue("django_db_use_migrations"),
        request.getfixturevalue("django_db_keepdb"),
        request.getfixturevalue("django_db_createdb"),
        None,
    )


def _script(action, name):
    """``create``: create and migrate the test database ``name`` as pytest-django would; ``drop``: drop it."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    if action == "drop":
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        return
    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()


if __name__ == "__main__":
    _script(*sys.argv[1:])
