"""Staff pages under /beheer/, included before the admin's own URLs (config/urls.py)."""

from django.urls import path

from staff.views import audit, besluiten, downloads, machtigingen, totaalbeeld, werkvoorraad

app_name = "staff"

urlpatterns = [
    path("werkvoorraad/", werkvoorraad.werkvoorraad, name="werkvoorraad"),
    path("signalen/", werkvoorraad.signalen, name="signalen"),
    path("burgers/<int:pk>/", totaalbeeld.totaalbeeld, name="totaalbeeld"),
    path("burgers/<int:pk>/contact/", besluiten.contact, name="contact"),
    path("verzoeken/<int:pk>/besluit/", besluiten.besluit, name="besluit"),
    path("verzoeken/<int:pk>/in-behandeling/", besluiten.in_behandeling, name="in_behandeling"),
    path(
        "machtigingen/<int:pk>/intrekken/",
        besluiten.machtiging_intrekken,
        name="machtiging_intrekken",
    ),
    path(
        "burgers/<int:pk>/machtigingen/nieuw/",
        machtigingen.registreren,
        name="machtiging_registreren",
    ),
    path("machtigingen/<int:pk>/bewijs/", machtigingen.bewijs, name="machtiging_bewijs"),
    path("documenten/<int:pk>/pdf/", downloads.document_pdf, name="document_pdf"),
    path("bijlagen/<int:pk>/", downloads.bijlage, name="bijlage"),
    path("audit/", audit.audit_trail, name="audit"),
]
