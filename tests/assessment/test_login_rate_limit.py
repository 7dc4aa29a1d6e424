"""Sign-in is rate-limited (django-axes): too many failures lock that username from that address,
and the lockout ends by itself after the cool-off time."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.helpers import TEST_PASSWORD

LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS = "203.0.113.5"


def sign_in(client, username: str, password: str, address: str = ADDRESS):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def lock_out(client, username: str = "editor", address: str = ADDRESS) -> None:
    for _ in range(LIMIT - 1):
        assert sign_in(client, username, "wrong", address).status_code == 200
    response = sign_in(client, username, "wrong", address)
    assert response.status_code == 429


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == settings.LOGIN_REDIRECT_URL


def test_the_settings_limit_attempts_by_username_and_address_for_a_while():
    assert LIMIT == 5
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=15)  # a lockout is never permanent
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_failures_up_to_the_limit_lock_the_username_out(client, team):
    lock_out(client)
    response = sign_in(client, "editor", TEST_PASSWORD)
    assert response.status_code == 429  # even the right password, while locked out
    assert "Too many sign-in attempts" in response.text
    assert "Try again in 15 minutes" in response.text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_username_from_that_address_only(client, team):
    lock_out(client, "editor", ADDRESS)
    assert signed_in(sign_in(client, "owner", TEST_PASSWORD, ADDRESS))
    client.logout()
    assert signed_in(sign_in(client, "editor", TEST_PASSWORD, "198.51.100.7"))


def test_the_lockout_ends_by_itself_after_the_cool_off(client, team):
    lock_out(client)
    start = timezone.now()
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - timedelta(minutes=1)):
        assert sign_in(client, "editor", TEST_PASSWORD).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        assert signed_in(sign_in(client, "editor", TEST_PASSWORD))


def test_a_successful_sign_in_starts_the_count_again(client, team):
    for _ in range(LIMIT - 1):
        sign_in(client, "editor", "wrong")
    assert signed_in(sign_in(client, "editor", TEST_PASSWORD))
    client.logout()
    for _ in range(LIMIT - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200
    assert signed_in(sign_in(client, "editor", TEST_PASSWORD))


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, team):
    lock_out(client)
    data = {"username": "editor", "password": TEST_PASSWORD}
    response = client.post(
        reverse("login"), data, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429


@pytest.mark.parametrize("count", [1, 2])
def test_tests_and_scripts_may_sign_in_with_force_login(client, team, count):
    # force_login needs no password and no request: axes does not stand in its way.
    for _ in range(count):
        client.force_login(team.owner)
    assert client.get(reverse("assessment:dashboard")).status_code == 200
