"""Sites: owners and editors create and edit profiles; the scale can be derived; the page
shows the profile and the site's assessments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.models import Site
from assessment.workflow import assessment_start
from tests.helpers import use_language


def site_data(**overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Heidaigou open-pit coal mine",
        "stage": "production",
        "province": "NM",
        "primary_mineral": "coal",
        "other_minerals": [],
        "method": "open_pit",
        "annual_capacity": "600",
        "scale": "",
        "licensed_producing": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_it_creates_a_site_with_a_derived_scale(client, team, role):
    client.force_login(getattr(team, role))

    response = client.post(reverse("assessment:site_create", args=[team.firm.pk]), site_data())

    site = Site.objects.get(name="Heidaigou open-pit coal mine")
    assert response.status_code == 302
    assert response.url == reverse("assessment:site_detail", args=[site.pk])
    assert site.firm == team.firm
    assert site.province == "NM"
    assert site.minerals == ["coal"]
    assert site.annual_capacity == Decimal(600)
    assert site.scale == Site.Scale.LARGE
    assert site.scale_source == Site.ScaleSource.DERIVED
    assert site.licensed_producing


def test_the_site_page_says_the_scale_was_derived_and_shows_the_strategic_flag(client, team):
    client.force_login(team.owner)
    client.post(reverse("assessment:site_create", args=[team.firm.pk]), site_data())
    site = Site.objects.get(name="Heidaigou open-pit coal mine")

    response = client.get(reverse("assessment:site_detail", args=[site.pk]))

    assert response.status_code == 200
    assert "large (derived from mineral, method and capacity)" in response.text
    assert "Inner Mongolia" in response.text
    assert 'id="strategic">yes' in response.text


def test_it_derives_medium_for_a_small_gold_mine_and_keeps_the_primary_mineral_first(client, team):
    client.force_login(team.editor)

    response = client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(
            name="Zhaoyuan gold mine",
            province="SD",
            primary_mineral="gold",
            other_minerals=["copper", "silver", "gold"],
            method="underground",
            annual_capacity="10",
        ),
    )

    site = Site.objects.get(name="Zhaoyuan gold mine")
    assert response.status_code == 302
    assert site.minerals == ["gold", "copper", "silver"]
    assert site.scale == Site.Scale.MEDIUM
    assert site.scale_source == Site.ScaleSource.DERIVED


def test_an_entered_scale_is_kept_and_shown_as_entered(client, team):
    client.force_login(team.owner)

    client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(name="Small quarry", primary_mineral="limestone", scale="medium"),
    )

    site = Site.objects.get(name="Small quarry")
    assert site.scale == Site.Scale.MEDIUM
    assert site.scale_source == Site.ScaleSource.ENTERED
    page = client.get(reverse("assessment:site_detail", args=[site.pk]))
    assert "medium (entered)" in page.text
    assert 'id="strategic">no' in page.text


def test_the_site_page_asks_to_check_a_scale_from_an_unconfirmed_row(client, team):
    client.force_login(team.owner)
    client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(name="Iron mine", primary_mineral="iron", annual_capacity="150"),
    )
    client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(name="Chromite mine", primary_mineral="chromium", annual_capacity="20"),
    )
    iron = Site.objects.get(name="Iron mine")
    chromite = Site.objects.get(name="Chromite mine")
    assert chromite.scale == Site.Scale.LARGE

    iron_page = client.get(reverse("assessment:site_detail", args=[iron.pk]))
    chromite_page = client.get(reverse("assessment:site_detail", args=[chromite.pk]))

    assert 'id="scale-unconfirmed"' in iron_page.text
    assert "check the scale against your mining permit" in iron_page.text
    assert 'id="scale-unconfirmed"' not in chromite_page.text


def test_a_scale_that_cannot_be_derived_is_an_error_that_keeps_the_input(client, team):
    client.force_login(team.owner)

    response = client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(
            name="Wuyi fluorite mine",
            province="ZJ",
            primary_mineral="fluorite",
            method="underground",
            annual_capacity="5",
        ),
    )

    assert response.status_code == 200
    assert "scale" in response.context["form"].errors
    assert "choose the production scale" in response.text
    assert 'value="Wuyi fluorite mine"' in response.text
    assert 'value="5"' in response.text
    assert not Site.objects.filter(name="Wuyi fluorite mine").exists()


def test_without_capacity_the_scale_must_be_chosen(client, team):
    client.force_login(team.owner)

    response = client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(name="Exploration project", method="none", annual_capacity=""),
    )

    assert response.status_code == 200
    assert "scale" in response.context["form"].errors
    assert not Site.objects.filter(name="Exploration project").exists()


def test_it_edits_a_site_and_derives_the_scale_again(client, team):
    client.force_login(team.editor)
    site = team.site

    form_page = client.get(reverse("assessment:site_edit", args=[site.pk]))
    response = client.post(
        reverse("assessment:site_edit", args=[site.pk]),
        site_data(name="Erlian coal mine", annual_capacity="150", licensed_producing=""),
    )

    site.refresh_from_db()
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["scale"] == ""  # derived: derived again
    assert response.status_code == 302
    assert site.name == "Erlian coal mine"
    assert site.scale == Site.Scale.MEDIUM
    assert site.scale_source == Site.ScaleSource.DERIVED
    assert not site.licensed_producing


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_can_neither_create_nor_edit_sites(client, team, method):
    client.force_login(team.viewer)
    send = getattr(client, method)

    created = send(
        reverse("assessment:site_create", args=[team.firm.pk]), site_data(name="Viewer's mine")
    )
    edited = send(reverse("assessment:site_edit", args=[team.site.pk]), site_data(name="Renamed"))

    team.site.refresh_from_db()
    assert created.status_code == 403
    assert edited.status_code == 403
    assert not Site.objects.filter(name="Viewer's mine").exists()
    assert team.site.name == "Erlian open-pit coal mine"


def test_a_viewer_sees_the_site_without_write_links(client, team):
    client.force_login(team.viewer)

    response = client.get(reverse("assessment:site_detail", args=[team.site.pk]))

    assert response.status_code == 200
    assert reverse("assessment:site_edit", args=[team.site.pk]) not in response.text
    assert reverse("assessment:assessment_start", args=[team.site.pk]) not in response.text


def test_the_site_page_lists_its_assessments_with_completion(client, team, imported_version):
    assessment = assessment_start(site=team.site, version=imported_version, user=team.owner)
    first = assessment.answers.order_by("pk").first()
    first.value = "yes"
    first.save()
    client.force_login(team.editor)

    response = client.get(reverse("assessment:site_detail", args=[team.site.pk]))

    total = assessment.answers.count()
    assert response.status_code == 200
    assert reverse("assessment:assessment", args=[assessment.pk]) in response.text
    assert reverse("assessment:assessment_start", args=[team.site.pk]) in response.text
    assert f"1 / {total} answered" in response.text
    assert "test-fw 1.0" in response.text


def test_the_form_labels_provinces_and_minerals_in_chinese(client, team):
    client.force_login(team.owner)

    with translation.override("zh-hans"):
        response = client.get(
            reverse("assessment:site_create", args=[team.firm.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )

    assert response.status_code == 200
    assert "内蒙古自治区" in response.text
    assert "稀土" in response.text


def test_an_exploration_project_needs_no_production_scale(client, team):
    client.force_login(team.owner)
    data = site_data(
        name="Dahongshan copper exploration",
        stage="exploration",
        method="none",
        annual_capacity="",
        primary_mineral="copper",
    )

    response = client.post(reverse("assessment:site_create", args=[team.firm.pk]), data)

    site = Site.objects.get(name="Dahongshan copper exploration")
    assert response.status_code == 302
    assert (site.stage, site.scale) == (Site.Stage.EXPLORATION, "")
    page = client.get(reverse("assessment:site_detail", args=[site.pk]))
    assert 'id="stage">exploration' in page.text
    assert "an exploration project has no production scale" in page.text


def test_a_producing_mine_still_needs_a_scale_or_its_capacity(client, team):
    client.force_login(team.owner)
    data = site_data(name="Nameless mine", annual_capacity="")

    response = client.post(reverse("assessment:site_create", args=[team.firm.pk]), data)

    assert response.status_code == 200
    assert "Choose the production scale" in response.text
    assert 'value="Nameless mine"' in response.text
    assert not Site.objects.filter(name="Nameless mine").exists()


def test_sites_lie_in_the_31_mainland_provincial_units(client, team):
    from assessment.provinces import PROVINCES

    assert len(PROVINCES) == 31 and not {"HK", "MO", "TW"} & set(PROVINCES)
    client.force_login(team.owner)
    data = site_data(name="Kowloon quarry", province="HK")

    response = client.post(reverse("assessment:site_create", args=[team.firm.pk]), data)

    assert response.status_code == 200
    assert not Site.objects.filter(name="Kowloon quarry").exists()


@pytest.mark.usefixtures("compiled_messages")
def test_the_site_page_shows_the_capacity_in_each_languages_units(client, team):
    client.force_login(team.owner)
    client.post(
        reverse("assessment:site_create", args=[team.firm.pk]),
        site_data(annual_capacity="2000"),
    )
    site = Site.objects.get(name="Heidaigou open-pit coal mine")
    assert site.annual_capacity == Decimal(2000)  # stored in the table's unit, 10⁴ t/yr

    english = client.get(reverse("assessment:site_detail", args=[site.pk]))
    use_language(client, "zh-hans")
    chinese = client.get(reverse("assessment:site_detail", args=[site.pk]))

    assert (english.status_code, chinese.status_code) == (200, 200)
    assert "20 Mt/yr" in english.text
    assert "2,000万吨/年" in chinese.text
