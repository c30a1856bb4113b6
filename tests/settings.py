"""The product's settings with the development secret, so `pytest` needs no environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from mhhs_portal.settings import *  # noqa: F403

# Fast hashing: the suite creates hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests say which day it is (time-machine or an explicit as_of), never the demo date.
DEMO_TODAY = None

# Tests see a task's effect in the same process, also when REDIS_URL points at
# a real broker; the integration tests reach a real worker with send_task,
# which never runs eagerly.
CELERY_TASK_ALWAYS_EAGER = True

# Tests type real codes: the demo code of `make run` must not pass for one.
MFA_TOTP_INSECURE_BYPASS_CODE = None
