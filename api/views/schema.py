"""The OpenAPI schema (for people signed in, or with a token) and a page that shows it with
Swagger UI, served from our own static files so that it works under our CSP."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from api.authentication import ApiTokenAuthentication


class SchemaView(SpectacularAPIView):
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")
