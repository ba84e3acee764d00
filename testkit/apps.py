from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestkitConfig(AppConfig):
    name = "testkit"
    verbose_name = _("Tester controls (demo only)")
