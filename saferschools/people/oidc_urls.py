"""Single sign-on URLs (the names mozilla-django-oidc reverses)."""

from django.urls import path

from .oidc import Callback, SignInRedirect

urlpatterns = [
    path("callback/", Callback.as_view(), name="oidc_authentication_callback"),
    path("authenticate/", SignInRedirect.as_view(), name="oidc_authentication_init"),
]
