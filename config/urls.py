from django.contrib import admin
from django.urls import include, path

from assessment.language import switch_language
from assessment.views import accounts

urlpatterns = [
    path("i18n/setlang/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("assessment.urls")),
    # Setting a password from a link signs the person in (the same URL and name as Django's).
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    # Django's sign-in, sign-out and password pages, under their own names (LOGIN_URL = "login").
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("reports.urls")),
    path("", include("exchange.urls")),
    path("", include("api.urls")),
]

handler400 = "assessment.request_size.bad_request"
