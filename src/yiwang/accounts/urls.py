from django.urls import path

from yiwang.accounts.views import auth, profile, register, totp

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("login/verify/", auth.login_totp, name="login_totp"),
    path("logout/", auth.logout_view, name="logout"),
    path("register/", register.register, name="register"),
    path("register/citizen/", register.register_citizen, name="register_citizen"),
    path("register/enterprise/", register.register_enterprise, name="register_enterprise"),
    path("profile/", profile.profile, name="profile"),
    path("security/totp/", totp.totp, name="totp"),
]
