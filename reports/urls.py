"""Report URLs (results, portfolio, compare, and later the PDF report)."""

urlpatterns: list = []
