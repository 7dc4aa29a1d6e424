"""Where uploaded files (evidence, issued reports) are kept, read from one STORAGE_URL (no Django).

Empty: Django's FileSystemStorage under MEDIA_ROOT (PRIVATE_MEDIA_ROOT). Otherwise an
S3-compatible bucket through django-storages:

    s3://BUCKET[/PREFIX][?endpoint_url=URL&region=NAME&addressing_style=path|virtual&acl=ACL]

Credentials are not part of the URL: boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or
an instance role). Objects are private and never handed out by URL: the permission-checked
views stream them, so no URL is ever signed (querystring_auth off).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
QUERY_KEYS = {"endpoint_url", "region", "addressing_style", "acl"}
# A download is read from the bucket into memory up to this size, into a temporary file beyond.
SPOOL_BYTES = 2_621_440


def storage_from_url(url: str) -> dict[str, Any]:
    """The STORAGES["default"] entry for a STORAGE_URL; ValueError names what is wrong."""
    if not url:
        return {"BACKEND": LOCAL_BACKEND}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.fragment:
        raise ValueError(f"STORAGE_URL must be s3://BUCKET[/PREFIX][?options], not {url!r}")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - QUERY_KEYS)
    if unknown:
        raise ValueError(f"STORAGE_URL: unknown options {', '.join(unknown)}")
    if query.get("addressing_style") not in (None, "path", "virtual"):
        raise ValueError("STORAGE_URL: addressing_style is path or virtual")
    acl = query.get("acl", "private")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint_url") or None,
            "region_name": query.get("region") or None,
            "addressing_style": query.get("addressing_style") or None,
            # `acl=none` for buckets with ACLs disabled (private by their policy)
            "default_acl": None if acl in ("", "none") else acl,
            "querystring_auth": False,
            "file_overwrite": False,
            "max_memory_size": SPOOL_BYTES,
        },
    }
