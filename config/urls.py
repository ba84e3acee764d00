from django.contrib import admin
from django.urls import include, path

from citizen.views import toegang

urlpatterns = [
    path("beheer/", include("staff.urls")),
    path("beheer/", admin.site.urls),
    path("gezondheid/", toegang.gezondheid, name="gezondheid"),
    path("taal/", toegang.taal_kiezen, name="set_language"),
    # The tester controls: routed always, 404 outside DEMO mode (testkit.views).
    path("testkit/", include("testkit.urls")),
    path("", include("citizen.urls")),
]
