from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared code with no models: scoping, generic views, history, uploads, Excel, PDF helpers."""

    name = "houqin.core"
    label = "core"
    verbose_name = "core"

    def ready(self):
        from houqin.core import tables_speed

        tables_speed.install()
