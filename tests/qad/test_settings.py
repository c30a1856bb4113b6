"""The QAD limits and the portal's public address come from the environment."""

import json

from tests.test_settings import production_env, run  # noqa: F401

QAD_VARIABLES = (
    "QAD_EVIDENCE_MAX_BYTES",
    "QAD_ZIP_MAX_ENTRIES",
    "QAD_ZIP_MAX_UNCOMPRESSED_BYTES",
    "PORTAL_BASE_URL",
)
PRINT = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {QAD_VARIABLES!r}}}))"
)


def _values(env, **given: str) -> dict:
    env = {k: v for k, v in env.items() if k not in QAD_VARIABLES} | given
    result = run(["-c", PRINT], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults(production_env):  # noqa: F811
    assert _values(production_env) == {
        "QAD_EVIDENCE_MAX_BYTES": 25 * 1024 * 1024,
        "QAD_ZIP_MAX_ENTRIES": 1000,
        "QAD_ZIP_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
        "PORTAL_BASE_URL": "",
    }


def test_read_from_the_environment(production_env):  # noqa: F811
    given = {
        "QAD_EVIDENCE_MAX_BYTES": "1048576",
        "QAD_ZIP_MAX_ENTRIES": "50",
        "QAD_ZIP_MAX_UNCOMPRESSED_BYTES": "5242880",
        "PORTAL_BASE_URL": "https://qualification.example/",
    }
    assert _values(production_env, **given) == {
        "QAD_EVIDENCE_MAX_BYTES": 1048576,
        "QAD_ZIP_MAX_ENTRIES": 50,
        "QAD_ZIP_MAX_UNCOMPRESSED_BYTES": 5242880,
        "PORTAL_BASE_URL": "https://qualification.example",
    }
