"""Settings come from the environment and are safe when DEBUG is off."""

import os
import runpy
import secrets
import subprocess
import sys
from unittest import mock

from django.conf import global_settings, settings
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client, override_settings

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


def settings_from(env: dict[str, str]) -> dict:
    """config/settings.py read afresh, in this process, with the variables given (and no .env)."""
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    with mock.patch.dict(os.environ, environment | env | {"ENV_FILE": os.devnull}, clear=True):
        values = runpy.run_path(str(ROOT / "config" / "settings.py"))
    return vars(global_settings) | values  # Django's defaults for what the file leaves out


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


SECURITY = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "AXES_ENABLED",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
)


def security_settings(tmp_path, **env: str) -> dict:
    values = settings_from(production_env(tmp_path) | env)
    return {name: values[name] for name in SECURITY}


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
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
    }


def test_behind_a_trusted_proxy_the_forwarded_address_counts(tmp_path):
    order = security_settings(tmp_path, TRUSTED_PROXY_COUNT="1")
    assert order["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def test_postgresql_connections_are_kept_unless_the_url_says_otherwise(tmp_path):
    url = "postgres://user:pw@127.0.0.1:5432/mineready"
    env = production_env(tmp_path)
    kept = settings_from(env | {"DATABASE_URL": url})["DATABASES"]["default"]
    assert (kept["CONN_MAX_AGE"], kept["CONN_HEALTH_CHECKS"]) == (60, True)
    given = settings_from(env | {"DATABASE_URL": f"{url}?conn_max_age=0"})["DATABASES"]["default"]
    assert (given["CONN_MAX_AGE"], given["CONN_HEALTH_CHECKS"]) == (0, True)


def test_a_filemail_url_writes_each_email_into_the_folder_it_names(tmp_path):
    folder = tmp_path / "mail"
    env = production_env(tmp_path) | {"EMAIL_URL": f"filemail:///{folder}"}
    mailer = settings_from(env)["MAILERS"]["default"]
    assert mailer == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(folder)},
    }
    EmailBackend(**mailer["OPTIONS"]).send_messages([EmailMessage("Hello", "Body", to=["a@b.cn"])])
    [sent] = folder.iterdir()
    assert "Subject: Hello" in sent.read_text()


def test_a_relative_filemail_folder_is_under_the_project(tmp_path):
    env = production_env(tmp_path) | {"EMAIL_URL": "filemail:///var/mail"}
    assert settings_from(env)["MAILERS"]["default"]["OPTIONS"] == {
        "file_path": str(ROOT / "var" / "mail")
    }


def test_smtp_options_come_from_the_url(tmp_path):
    env = production_env(tmp_path) | {"EMAIL_URL": "smtp+tls://user:pw@mail.example.com:587"}
    assert settings_from(env)["MAILERS"]["default"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 587,
            "username": "user",
            "password": "pw",
            "use_tls": True,
        },
    }


def forwarded_https(values: dict):
    """A request that says it came over HTTPS (X-Forwarded-Proto), as a client can say by itself,
    under the transport settings the environment gave."""
    names = ("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "DEBUG")
    with override_settings(**{name: values[name] for name in names}):
        return Client().get("/", HTTP_HOST="mineready.example.com", HTTP_X_FORWARDED_PROTO="https")


def test_without_a_proxy_a_forwarded_protocol_header_is_not_believed(tmp_path, db):
    values = settings_from(production_env(tmp_path))
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    response = forwarded_https(values)
    assert (response.status_code, response["Location"]) == (301, "https://mineready.example.com/")


def test_behind_a_trusted_proxy_its_forwarded_protocol_counts(tmp_path, db):
    values = settings_from(production_env(tmp_path) | {"TRUSTED_PROXY_COUNT": "1"})
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    response = forwarded_https(values)
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")
