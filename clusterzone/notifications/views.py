"""The in-app inbox (消息中心) and each user's channel setting."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from . import services
from .models import ChannelSetting, Notification


class InboxView(LoginRequiredMixin, View):
    def get(self, request):
        page = Paginator(services.inbox(user=request.user), 50).get_page(request.GET.get("page"))
        setting = ChannelSetting.objects.filter(user=request.user).first()
        ctx = {
            "title": _("消息中心"),
            "breadcrumbs": [{"label": _("消息中心"), "url": None}],
            "page": page,
            "email_on": setting.email if setting else True,
        }
        return render(request, "notifications/inbox.html", ctx)


class ReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        try:
            note = Notification.objects.get(pk=pk, recipient=request.user)
        except Notification.DoesNotExist:
            raise Http404
        services.notification_read(actor=request.user, notification=note)
        if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
            return redirect(note.url)
        return redirect(reverse("notifications:inbox"))


class ChannelView(LoginRequiredMixin, View):
    def post(self, request):
        services.channel_setting_save(actor=request.user, email=bool(request.POST.get("email")))
        messages.success(request, _("已保存通知方式。"))
        return redirect(reverse("notifications:inbox"))


app_name = "notifications"
urlpatterns = [
    path("", InboxView.as_view(), name="inbox"),
    path("<int:pk>/read/", ReadView.as_view(), name="read"),
    path("channels/", ChannelView.as_view(), name="channels"),
]
