from django.urls import path

from citizen import views

app_name = "citizen"

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", views.inloggen, name="login"),
    path("inloggen/demo/<slug:sleutel>/", views.demo_inloggen, name="demo_login"),
    path("helpers/inloggen/", views.HelperLoginView.as_view(), name="helper_login"),
    path("uitloggen/", views.uitloggen, name="logout"),
    path("overzicht/", views.overzicht, name="overzicht"),
    path("helpers/", views.helper_start, name="helper_start"),
]
