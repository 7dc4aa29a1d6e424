"""A platform admin creates firms with members, and sites, in the Django admin."""

from __future__ import annotations

from django.urls import reverse

from assessment.models import Firm, Membership, Site
from tests.helpers import UserFactory


def test_the_admin_creates_a_firm_with_an_owner(admin_client, team):
    person = UserFactory(username="zhao")

    response = admin_client.post(
        reverse("admin:assessment_firm_add"),
        {
            "name": "Shanxi Coking Coal",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(person.pk),
            "memberships-0-role": "owner",
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )

    firm = Firm.objects.get(name="Shanxi Coking Coal")
    assert response.status_code == 302
    assert Membership.objects.get(firm=firm).user == person
    assert Membership.objects.get(firm=firm).role == "owner"


def test_the_admin_creates_a_site_with_a_derived_scale(admin_client, team):
    response = admin_client.post(
        reverse("admin:assessment_site_add"),
        {
            "firm": str(team.firm.pk),
            "name": "Datong coal mine",
            "stage": "production",
            "province": "SX",
            "primary_mineral": "coal",
            "method": "underground",
            "annual_capacity": "300",
            "scale": "",
        },
    )

    site = Site.objects.get(name="Datong coal mine")
    assert response.status_code == 302
    assert (site.scale, site.scale_source, site.minerals) == ("large", "derived", ["coal"])


def test_the_admin_lists_firms_and_sites(admin_client, team):
    firms = admin_client.get(reverse("admin:assessment_firm_changelist"))
    sites = admin_client.get(reverse("admin:assessment_site_changelist"))
    firm_page = admin_client.get(reverse("admin:assessment_firm_change", args=[team.firm.pk]))

    assert firms.status_code == sites.status_code == firm_page.status_code == 200
    assert "Huabei Mining" in firms.text
    assert "Erlian open-pit coal mine" in sites.text
