from django.contrib import admin
from django.urls import include, path

from citizen import views as citizen_views

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("gezondheid/", citizen_views.gezondheid, name="gezondheid"),
    path("taal/", citizen_views.taal_kiezen, name="set_language"),
    path("", include("citizen.urls")),
]
