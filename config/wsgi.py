import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after the application has configured Django

# The web server never runs in production with the demo key written to var/secret_key (see config/env.py).
if settings.ZEREN_SECRET_KEY_SOURCE != "env" and not settings.DEBUG and not settings.ZEREN_DEMO:  # noqa: S105
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: var/secret_key holds the demo key. Set SECRET_KEY (50+ random characters) "
        "for production, or ZEREN_DEMO=1 to serve the demo."
    )
