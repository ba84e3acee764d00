import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# (after the settings module is set)
from config.opstart import eis_geheime_sleutel

eis_geheime_sleutel()
application = get_wsgi_application()
