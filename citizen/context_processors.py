from django.conf import settings


def product(request) -> dict:
    """Values every page may use: whether this is the demo, and the demo clock's date."""
    from invordering.policy import huidige_toegang

    # The access the view established (who acts for whom): the banner and which actions to offer.
    context = {"demo_mode": settings.DEMO, "toegang": huidige_toegang(request)}
    if settings.DEMO:
        from invordering import clock

        context["demo_vandaag"] = clock.today() if clock.is_verzet() else None
    return context
