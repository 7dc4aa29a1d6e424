"""The Chinese catalogue is complete: every string of the code is in it, translated, not fuzzy,
with its placeholders, and the compiled .mo says the same."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys

import polib
import pytest

from tests.helpers import PO_FILE, ROOT

# python-format placeholders, a literal %% and template variables left in by mistake.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%%|\{\{.*?\}\}|\{%.*?%\}")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_FILE))


def entry_name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_the_header_declares_simplified_chinese_with_one_plural_form(catalogue):
    assert catalogue.metadata["Language"] == "zh_Hans"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not catalogue.metadata_is_fuzzy


def test_every_entry_is_translated(catalogue):
    untranslated = [
        entry_name(entry)
        for entry in catalogue
        if not entry.obsolete and not all(text.strip() for text in translations(entry))
    ]
    assert untranslated == [], f"{len(untranslated)} untranslated entries in {PO_FILE}"


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [entry_name(entry) for entry in catalogue if "fuzzy" in entry.flags]
    assert fuzzy == [], f"fuzzy entries (check each, then remove the flag): {fuzzy}"


def test_plural_entries_have_exactly_one_form(catalogue):
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals
    assert [entry_name(e) for e in plurals if sorted(e.msgstr_plural) != [0]] == []


def test_translations_keep_every_placeholder(catalogue):
    changed = []
    for entry in catalogue:
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in translations(entry):
            # A plural form may leave out the count ("1 site" / "N sites" become one form).
            found = set(PLACEHOLDER.findall(text))
            if found != expected and not (entry.msgid_plural and found <= expected):
                changed.append((entry_name(entry), sorted(expected), sorted(found)))
    assert changed == []


def test_the_compiled_catalogue_is_up_to_date(catalogue, compiled_messages):
    with compiled_messages.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    differing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        context = f"{entry.msgctxt}\x04" if entry.msgctxt else ""  # how a .mo keys a context
        if entry.msgid_plural:
            found = compiled.ngettext(context + entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr_plural[0]
        else:
            found, expected = compiled.gettext(context + entry.msgid), entry.msgstr
        if found != expected:
            differing.append(entry_name(entry))
    assert differing == []


def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    """`make makemessages` on a copy of the sources adds nothing: no string of the code or the
    templates is missing from the catalogue (new strings must be collected and translated)."""
    for name in ("assessment", "reports", "exchange", "api", "config", "templates", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    environment = os.environ | {
        "DEBUG": "1",
        "ENV_FILE": str(tmp_path / ".env"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    collected = polib.pofile(str(tmp_path / PO_FILE.relative_to(ROOT)))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_FILE)) if not e.obsolete}
    missing = [
        entry_name(e) for e in collected if not e.obsolete and (e.msgctxt, e.msgid) not in known
    ]
    assert missing == [], (
        f"{len(missing)} strings missing from the catalogue: run `make makemessages` and "
        f"translate them in {PO_FILE.relative_to(ROOT)}"
    )
