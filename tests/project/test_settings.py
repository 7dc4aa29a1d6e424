"""Settings come from the environment and are safe when DEBUG is off."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

from tests.helpers import ROOT

# Variables each test sets itself, and one the browser tests set for their own process.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment | {"ENV_FILE": os.devnull},  # only the variables given count
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_env(tmp_path) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "mineready.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def test_check_deploy_is_clean_with_debug_off(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_a_secret_key_is_required_when_debug_is_off(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_languages_and_time_zone():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "zh-hans"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_sqlite_uses_wal_immediate_transactions_and_a_busy_timeout():
    options = settings.DATABASES["default"]["OPTIONS"]
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]


def test_media_is_private_and_outside_static():
    assert settings.MEDIA_URL is None
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024


SHOW_SECURITY = (
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name)"
    " for name in ['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
    " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
    " 'AXES_ENABLED', 'AXES_IPWARE_META_PRECEDENCE_ORDER']}))"
)


def security_settings(tmp_path, **env: str) -> dict:
    result = run_manage("shell", "-c", SHOW_SECURITY, **production_env(tmp_path), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_transport_security_and_the_sign_in_limit_are_on_when_debug_is_off(tmp_path):
    assert security_settings(tmp_path) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "AXES_ENABLED": True,
        # the client address is the peer's: a forged X-Forwarded-For header does not count
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
    }


def test_behind_a_trusted_proxy_the_forwarded_address_counts(tmp_path):
    order = security_settings(tmp_path, TRUSTED_PROXY_COUNT="1")
    assert order["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def test_postgresql_connections_are_kept_unless_the_url_says_otherwise(tmp_path):
    show = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    url = "postgres://user:pw@127.0.0.1:5432/mineready"
    env = production_env(tmp_path)
    kept = run_manage("shell", "-c", show, **(env | {"DATABASE_URL": url}))
    assert kept.stdout.splitlines()[-1].split() == ["60", "True"], kept.stderr
    given = run_manage("shell", "-c", show, **(env | {"DATABASE_URL": f"{url}?conn_max_age=0"}))
    assert given.stdout.splitlines()[-1].split() == ["0", "True"], given.stderr


SHOW_MAILER = (
    "import json; from django.conf import settings as s; print(json.dumps(s.MAILERS['default']))"
)


def test_a_filemail_url_writes_each_email_into_the_folder_it_names(tmp_path):
    folder = tmp_path / "mail"
    env = production_env(tmp_path) | {"EMAIL_URL": f"filemail:///{folder}"}
    result = run_manage("shell", "-c", SHOW_MAILER, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(folder)},
    }
    send = "from django.core.mail import send_mail; send_mail('Hello', 'Body', None, ['a@b.cn'])"
    assert run_manage("shell", "-c", send, **env).returncode == 0
    [sent] = folder.iterdir()
    assert "Subject: Hello" in sent.read_text()


def test_a_relative_filemail_folder_is_under_the_project(tmp_path):
    env = production_env(tmp_path) | {"EMAIL_URL": "filemail:///var/mail"}
    result = run_manage("shell", "-c", SHOW_MAILER, **env)
    assert json.loads(result.stdout.strip().splitlines()[-1])["OPTIONS"] == {
        "file_path": str(ROOT / "var" / "mail")
    }


def test_smtp_options_come_from_the_url(tmp_path):
    env = production_env(tmp_path) | {"EMAIL_URL": "smtp+tls://user:pw@mail.example.com:587"}
    result = run_manage("shell", "-c", SHOW_MAILER, **env)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 587,
            "username": "user",
            "password": "pw",
            "use_tls": True,
        },
    }


# A request that says it came over HTTPS (X-Forwarded-Proto), as a client can say by itself.
FORWARDED_HTTPS = (
    "from django.conf import settings as s; from django.test import Client;"
    " r = Client().get('/', HTTP_HOST='mineready.example.com', HTTP_X_FORWARDED_PROTO='https');"
    " print(repr(s.SECURE_PROXY_SSL_HEADER), r.status_code, r.get('Location'))"
)


def test_without_a_proxy_a_forwarded_protocol_header_is_not_believed(tmp_path):
    result = run_manage("shell", "-c", FORWARDED_HTTPS, **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "None 301 https://mineready.example.com/"


def test_behind_a_trusted_proxy_its_forwarded_protocol_counts(tmp_path):
    env = production_env(tmp_path) | {"TRUSTED_PROXY_COUNT": "1"}
    result = run_manage("shell", "-c", FORWARDED_HTTPS, **env)
    assert result.returncode == 0, result.stderr
    header, status, location = result.stdout.splitlines()[-1].rsplit(" ", 2)
    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert (status, location) == ("302", "/accounts/login/?next=/")  # no redirect to HTTPS
