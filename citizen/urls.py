from django.urls import path

from citizen.views import (
    berichten,
    betalen,
    helper_toegang,
    helpers,
    machtigingen,
    overzicht,
    pbt,
    sessie,
    toegang,
    verzoeken,
)

app_name = "citizen"

urlpatterns = [
    path("", toegang.start, name="start"),
    path("inloggen/", toegang.inloggen, name="login"),
    path("inloggen/demo/<slug:sleutel>/", toegang.demo_inloggen, name="demo_login"),
    path("helpers/inloggen/", toegang.HelperLoginView.as_view(), name="helper_login"),
    path("uitloggen/", toegang.uitloggen, name="logout"),
    *overzicht.urlpatterns,
    *berichten.urlpatterns,
    *betalen.urlpatterns,
    *pbt.urlpatterns,
    *verzoeken.urlpatterns,
    *helpers.urlpatterns,
    *helper_toegang.urlpatterns,
    *machtigingen.urlpatterns,
    *sessie.urlpatterns,
]
