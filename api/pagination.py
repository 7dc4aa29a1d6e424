from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`?page=N`, `?page_size=M` up to 100 (50 by default, as the action plan pages)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
