"""The read API: every object comes through the access helpers (assessment/access.py), so a
person reads exactly what their firm memberships show on the pages and another firm's object
answers 404. Only GET (and HEAD, OPTIONS): any other method answers 405."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from api import serializers
from assessment.access import get_assessment_for, get_firm_for, get_site_for
from assessment.models import Action, Assessment, Firm, Site
from assessment.plans import filtered
from assessment.portfolio import submitted_results
from assessment.results import assessment_results


class FirmList(generics.ListAPIView):
    """The firms you are a member of, by name, with your role in each."""

    serializer_class = serializers.FirmSerializer

    def get_queryset(self) -> QuerySet[Firm]:
        return (
            Firm.objects.filter(memberships__user=self.request.user)
            .annotate(membership_role=F("memberships__role"))
            .order_by("name", "pk")
        )


class FirmDetail(generics.RetrieveAPIView):
    serializer_class = serializers.FirmSerializer

    def get_object(self) -> Firm:
        return get_firm_for(self.request.user, self.kwargs["pk"])


class SiteList(generics.ListAPIView):
    """The sites of a firm, by name."""

    serializer_class = serializers.SiteSerializer

    def get_queryset(self) -> QuerySet[Site]:
        firm = get_firm_for(self.request.user, self.kwargs["pk"])
        return firm.sites.order_by("name", "pk")


class SiteDetail(generics.RetrieveAPIView):
    serializer_class = serializers.SiteSerializer

    def get_object(self) -> Site:
        return get_site_for(self.request.user, self.kwargs["pk"])


class AssessmentList(generics.ListAPIView):
    """The assessments of a site, newest first, each submitted one with its results as stored at
    its submission (a draft's: null; /assessments/ID/ scores them)."""

    serializer_class = serializers.SiteAssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        self.site = get_site_for(self.request.user, self.kwargs["pk"])
        return self.site.assessments.select_related("version__framework").order_by(
            "-created_at", "-pk"
        )

    def paginate_queryset(self, queryset: QuerySet[Assessment]) -> list[Assessment]:
        # The page's results in a fixed number of queries: read from the stored summaries (or
        # scored live together when an old assessment has none stored); drafts get none.
        page = super().paginate_queryset(queryset)
        submitted = [a.pk for a in page if a.state != Assessment.State.DRAFT]
        results = submitted_results(
            Assessment.objects.filter(pk__in=submitted), sites={self.site.pk: self.site}
        )
        for assessment in page:
            assessment.results = results.get(assessment.pk)
        return page


class AssessmentDetail(generics.RetrieveAPIView):
    """An assessment with its results: a draft's are provisional (scored today), a submitted
    one's are those of its submission day."""

    serializer_class = serializers.AssessmentResultsSerializer

    def get_object(self) -> Assessment:
        assessment = get_assessment_for(self.request.user, self.kwargs["pk"])
        assessment.results = assessment_results(assessment)
        return assessment


class GapList(generics.ListAPIView):
    """The gaps of an assessment in priority order (priority descending, gates first, code), as
    `manage.py score --json` lists them."""

    serializer_class = serializers.GapSerializer

    def get_queryset(self) -> list[dict]:
        assessment = get_assessment_for(self.request.user, self.kwargs["pk"])
        return [gap.to_dict() for gap in assessment_results(assessment).score.gaps]


class _PlanList(generics.ListAPIView):
    serializer_class = serializers.ActionSerializer

    def base(self) -> QuerySet[Action]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Action]:
        base = self.base()  # first: another firm's site answers 404 before a 400
        values = serializers.PlanFilterSerializer(data=self.request.query_params)
        if not values.is_valid():
            raise ValidationError(values.errors)
        return filtered(base, values.validated_data, self.request.user, timezone.localdate())


@extend_schema(parameters=[serializers.PlanFilterSerializer])
class SiteActionList(_PlanList):
    """The site's action plan, filtered and sorted as on its page (default: the actions to do,
    soonest due first)."""

    def base(self) -> QuerySet[Action]:
        return get_site_for(self.request.user, self.kwargs["pk"]).actions.all()


@extend_schema(parameters=[serializers.PlanFilterSerializer])
class FirmActionList(_PlanList):
    """The firm's action plan, every site's actions, filtered and sorted as on its page."""

    def base(self) -> QuerySet[Action]:
        firm = get_firm_for(self.request.user, self.kwargs["pk"])
        return Action.objects.filter(site__firm=firm)
