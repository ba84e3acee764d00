from django.conf import settings


def product(request) -> dict:
    """Values every page may use: whether this is the demo, and the demo clock's date."""
    context = {"demo_mode": settings.DEMO}
    if settings.DEMO:
        from invordering import clock

        context["demo_vandaag"] = clock.today() if clock.is_verzet() else None
    return context
