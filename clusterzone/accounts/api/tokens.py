"""The user's own API tokens: list (prefix and dates, never the key), create (the key is in the
answer once and never again), revoke."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ..tokens import create_token, revoke_token, tokens_of


class ApiTokenSerializer(serializers.Serializer):
    token_key = serializers.CharField(read_only=True, help_text="令牌前缀（用于识别与作废）")
    created = serializers.DateTimeField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True)


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="完整令牌，仅此一次显示")


class ApiTokenListView(APIView):
    @extend_schema(responses=ApiTokenSerializer(many=True), summary="我的 API 令牌")
    def get(self, request):
        return Response(ApiTokenSerializer(tokens_of(request.user), many=True).data)

    @extend_schema(request=None, responses={201: NewApiTokenSerializer}, summary="生成 API 令牌")
    def post(self, request):
        token, key = create_token(request.user)
        data = dict(ApiTokenSerializer(token).data, token=key)
        return Response(data, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(APIView):
    @extend_schema(request=None, responses={204: None}, summary="作废 API 令牌")
    def delete(self, request, token_key):
        if not revoke_token(request.user, token_key):
            raise NotFound(_("没有这个令牌。"))
        return Response(status=status.HTTP_204_NO_CONTENT)
