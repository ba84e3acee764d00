"""/testkit/: always routed; every view answers 404 unless DEMO mode (testkit.views)."""

from django.urls import path

from testkit import views

app_name = "testkit"

urlpatterns = [
    path("", views.state, name="state"),
    path("reset/", views.reset, name="reset"),
    path("login/", views.login, name="login"),
    path("login-link/", views.login_link, name="login_link"),
    path("clock/", views.clock, name="clock"),
    path("engines/", views.engines, name="engines"),
    path("regime/", views.regime, name="regime"),
    path("link/<str:token>/", views.use_link, name="use_link"),
    path("form/<slug:action>/", views.form_action, name="form"),
]
