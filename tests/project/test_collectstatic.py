"""With DEBUG off, collectstatic writes the hashed files and their manifest, and pages use them.

Without the manifest every page answers 500, so this runs the deployment's own commands in a
subprocess with production settings (STATIC_ROOT in a temporary folder; the sign-in page needs
no database table).
"""

import json

from tests.project.test_settings import production_env, run_manage

# Sign-in page and the stylesheet it links, through whitenoise, over "HTTPS" (the redirect is on).
FETCH_PAGE_AND_STYLESHEET = """
import json, re
from django.test import Client
client = Client(HTTP_HOST="mineready.example.com")
page = client.get("/accounts/login/", secure=True)
href = re.search(r'href="([^"]*bootstrap[^"]*[.]css)"', page.content.decode()).group(1)
stylesheet = client.get(href, secure=True)
print(json.dumps({
    "page": page.status_code,
    "href": href,
    "stylesheet": stylesheet.status_code,
    "type": stylesheet.get("Content-Type"),
}))
"""


def test_collectstatic_with_debug_off_gives_pages_their_hashed_files(tmp_path):
    env = production_env(tmp_path) | {"STATIC_ROOT": str(tmp_path / "static")}

    collected = run_manage("collectstatic", "--no-input", "-v", "0", **env)

    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    for name in ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js"):
        assert manifest["paths"][name] != name
        assert (tmp_path / "static" / manifest["paths"][name]).is_file()
    # the report font is for the PDF renderer: no compressed copies (brotli took most of a minute)
    assert not list((tmp_path / "static").rglob("*.ttf.*"))
    # Swagger UI (the API documentation) is collected; what no page uses is not
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in manifest["paths"]
    assert not [
        p
        for p in manifest["paths"]
        if p.startswith(("rest_framework/", "drf_spectacular_sidecar/redoc/"))
    ]
    hashed = manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]

    result = run_manage("shell", "-c", FETCH_PAGE_AND_STYLESHEET, **env)
    assert result.returncode == 0, result.stderr
    fetched = json.loads(result.stdout.strip().splitlines()[-1])
    assert fetched == {
        "page": 200,
        "href": f"/static/{hashed}",
        "stylesheet": 200,
        "type": 'text/css; charset="utf-8"',
    }
