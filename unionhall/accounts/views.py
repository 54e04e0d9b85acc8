"""Login, logout and the TOTP second factor."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts import login_limits, services
from unionhall.accounts.middleware import offers_second_factor
from unionhall.accounts.models import User
from unionhall.core import barcodes
from unionhall.core.errors import NotFound, ValidationError


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。在同一地址连续输错 5 次，账户将在该地址锁定 15 分钟。",
        "inactive": "该账户已停用。",
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        refusal = login_limits.refusal_of(self.request)
        if refusal is None:
            return super().form_invalid(form)
        return render(self.request, "accounts/locked.html", {"refusal": refusal}, status=429)


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    messages.info(request, "您已退出登录。")
    return redirect(settings.LOGIN_URL)


@login_required
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    """Verify with a confirmed device, or enrol one: start (a POST), scan the QR code, type the first code.

    Opening the page changes nothing and records nothing; only the 开始绑定 button makes a device. Workers
    and merchants, who need no second factor, get 404 as for a missing page."""
    user = cast(User, request.user)  # login_required
    if not offers_second_factor(user):
        raise NotFound()
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    error = ""
    if confirmed is not None and request.method == "POST":
        token = request.POST.get("token", "").strip()
        allowed, _ = confirmed.verify_is_allowed()
        if not allowed:
            # django-otp doubles the wait after each wrong code: guessing six digits stays hopeless.
            error = "尝试过于频繁，请稍等几秒后再输入。"
        elif confirmed.verify_token(token):
            otp_login(request, confirmed)
            messages.success(request, "二次验证通过。")
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        else:
            error = "动态口令不正确或已过期。"
    if confirmed is not None:
        if request.method == "GET" and request.user.is_verified():  # type: ignore[union-attr]
            return render(request, "accounts/otp_status.html", {"device": confirmed})
        return render(request, "accounts/otp_verify.html", {"error": error, "next": next_url})

    if request.method == "POST" and request.POST.get("action") == "start":
        services.totp_device_start(actor=user)
        here = reverse("accounts:otp")
        return redirect(f"{here}?{urlencode({'next': next_url})}" if next_url else here)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if request.method == "POST":
        if pending is None:
            error = "请先点“开始绑定”，再输入验证器显示的口令。"
        else:
            try:
                device = services.totp_device_confirm(actor=user, device=pending, token=request.POST.get("token", ""))
            except ValidationError as e:
                error = e.field_errors.get("token", [e.message])[0]
            else:
                otp_login(request, device)
                messages.success(request, "动态口令已绑定，今后登录需输入手机上的 6 位口令。")
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    context: dict[str, object] = {"error": error, "next": next_url, "pending": pending is not None}
    if pending is not None:
        context |= {
            "qr": barcodes.qr_svg(pending.config_url, box_size=8),
            "secret": pending.config_url.split("secret=")[1].split("&")[0],
        }
    return render(request, "accounts/otp_setup.html", context)
