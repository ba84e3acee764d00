from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvorderingConfig(AppConfig):
    name = "invordering"
    verbose_name = _("Collection (domain core)")

    def ready(self) -> None:
        from invordering import signals  # noqa: F401  (post_migrate: policy defaults)
