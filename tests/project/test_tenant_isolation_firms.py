"""An outsider gets 404 from every firm, member and site URL of another firm, for GET and POST,
and nothing changes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from assessment.models import Firm, Membership, Site


def firm_urls(team) -> list[str]:
    owner = Membership.objects.get(firm=team.firm, user=team.owner)
    return [
        reverse("assessment:firm_detail", args=[team.firm.pk]),
        reverse("assessment:member_add", args=[team.firm.pk]),
        reverse("assessment:member_role", args=[team.firm.pk, owner.pk]),
        reverse("assessment:member_remove", args=[team.firm.pk, owner.pk]),
        reverse("assessment:site_create", args=[team.firm.pk]),
        reverse("assessment:site_detail", args=[team.site.pk]),
        reverse("assessment:site_edit", args=[team.site.pk]),
    ]


def snapshot() -> tuple:
    return (
        list(Firm.objects.order_by("pk").values_list("pk", "name")),
        list(Membership.objects.order_by("pk").values_list("pk", "firm", "user", "role")),
        list(Site.objects.order_by("pk").values_list("pk", "firm", "name", "scale")),
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_and_changes_nothing(client, team, method):
    client.force_login(team.outsider)
    before = snapshot()
    data = {
        "email": "outsider@example.com",
        "role": "viewer",
        "name": "Taken over",
        "stage": "production",
        "province": "NM",
        "primary_mineral": "coal",
        "method": "open_pit",
        "annual_capacity": "600",
    }

    statuses = {url: getattr(client, method)(url, data).status_code for url in firm_urls(team)}

    assert statuses == dict.fromkeys(statuses, 404)
    assert snapshot() == before
    assert not mail.outbox


def test_an_unknown_firm_also_answers_404(client, team):
    client.force_login(team.owner)

    assert client.get(reverse("assessment:firm_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("assessment:site_detail", args=[999_999])).status_code == 404


def test_a_member_does_not_see_the_outsiders_firm(client, team):
    client.force_login(team.owner)

    assert (
        client.get(reverse("assessment:firm_detail", args=[team.outsider_firm.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("assessment:site_detail", args=[team.outsider_site.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["assessment:firm_detail", "assessment:site_create"])
def test_anonymous_visitors_are_sent_to_sign_in(client, team, name):
    response = client.get(reverse(name, args=[team.firm.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
