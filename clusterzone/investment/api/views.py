"""REST endpoints of leads (/api/leads/, transitions as POST actions calling one service,
follow-ups, history) and chains (/api/chains/, with links, placements and gaps)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.periods import Period, PeriodError

from .. import selectors, services
from ..clocks import attach_clocks
from ..filters import ChainFilter, LeadFilter
from ..models import Chain, ChainLink, ChainPlacement, Lead
from .serializers import (
    ChainInputSerializer,
    ChainLinkInputSerializer,
    ChainLinkSerializer,
    ChainSerializer,
    FollowUpSerializer,
    FundsPaymentSerializer,
    LeadInputSerializer,
    LeadSerializer,
    PlacementInputSerializer,
    PlacementSerializer,
    TransitionSerializer,
)


class LeadViewSet(ScopedModelViewSet):
    """招商线索. Filters: `unit` (id), `cluster` (code), `stage`, `source_region`,
    `company_type`, `overdue` (true/false), `q`; `search` on company, project and code.
    Each row carries its stage clock (`clock`: kind, deadline, overdue working days)."""

    model = Lead
    serializer_class = LeadSerializer
    input_serializer_class = LeadInputSerializer
    filterset_class = LeadFilter
    search_fields = ["company", "project_name", "code"]
    ordering_fields = [
        "code",
        "company",
        "intended_investment",
        "first_contact",
        "stage_entered_at",
        "updated_at",
    ]
    ordering = ["cluster__code", "-first_contact", "id"]
    service_object_name = "lead"
    create_service = staticmethod(services.lead_create)
    update_service = staticmethod(services.lead_update)
    delete_service = staticmethod(services.lead_delete)

    def base_queryset(self, user):
        return selectors.lead_list(user=user)

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "lead"):
            raise PermissionDenied()
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = attach_clocks(page if page is not None else qs)
        data = self.serializer_class(rows, many=True, context=self.get_serializer_context()).data
        for item, row in zip(data, rows, strict=True):
            item["clock"] = row.clock.as_dict() if row.clock else None
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=TransitionSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the lead: `stage` = visit/negotiate/intent, signed (with `amount`, `date`),
        landed (creates the project; optional `project_code`), lost (with `reason`)."""
        lead = self.get_object()
        s = TransitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.lead_transition(
            actor=request.user, lead=lead, to_stage=d["stage"], when=d.get("date"), reason=d.get("reason", ""),
            amount=d.get("amount"), signed_date=d.get("date"), document=d.get("document", ""),
            project_data={"code": d.get("project_code")} if d.get("project_code") else None,
        )  # fmt: skip
        return Response(self.output_data(lead))

    @extend_schema(request=FollowUpSerializer, responses=FollowUpSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def followups(self, request, pk=None):
        """The follow-up log (GET, newest first) or a new entry (POST)."""
        lead = self.get_object()
        if request.method == "POST":
            s = FollowUpSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            entry = services.followup_add(actor=request.user, lead=lead, data=dict(s.validated_data))
            return Response(FollowUpSerializer(entry).data, status=status.HTTP_201_CREATED)
        return Response(FollowUpSerializer(selectors.lead_followups(lead), many=True).data)

    @extend_schema(request=FundsPaymentSerializer, responses=FundsPaymentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def payments(self, request, pk=None):
        """到资: the payments received against the signed agreement (GET) or a new one (POST:
        date, amount, source_region, evidence); `in_place` and `agreed` in the lead's funds."""
        lead = self.get_object()
        agreement = getattr(lead, "agreement", None)
        if request.method == "POST":
            if agreement is None:
                raise DomainError(_("该线索尚未签约，不能登记到资。"), field="agreement")
            s = FundsPaymentSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            services.payment_record(actor=request.user, agreement=agreement, data=dict(s.validated_data))
        rows = list(agreement.payments.all()) if agreement is not None else []
        data = FundsPaymentSerializer(rows, many=True).data
        code = status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK
        return Response(data, status=code)


class ChainViewSet(ScopedModelViewSet):
    """产业链. Each chain with its links (divisions, key products) and `summary` (links,
    present, gaps, gaps without lead); `GET …/{id}/map/` gives every link's enterprises,
    projects and leads. Filters: `cluster` (code), `category` (id)."""

    model = Chain
    serializer_class = ChainSerializer
    input_serializer_class = ChainInputSerializer
    filterset_class = ChainFilter
    ordering = ["cluster__code", "id"]
    ordering_fields = ["name", "cluster__code"]
    service_object_name = "chain"
    save_service = staticmethod(services.chain_save)
    delete_service = staticmethod(services.chain_delete)

    def base_queryset(self, user):
        return selectors.chain_list(user=user).prefetch_related(
            Prefetch(
                "links", queryset=ChainLink.objects.prefetch_related("divisions").order_by("order", "id")
            )
        )

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "chain"):
            raise PermissionDenied()
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = selectors.chain_list_with_gaps(page if page is not None else qs)
        data = self.serializer_class(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        chain = selectors.chain_list_with_gaps([self.get_object()])[0]
        return Response(self.serializer_class(chain, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def map(self, request, pk=None):
        """Links with present enterprises/projects (how: division or hand), leads, gap flags."""
        chain = get_object_or_404(selectors.chain_list(user=request.user), pk=pk)
        m = selectors.chain_map(chain)
        return Response(
            {
                "chain": chain.pk,
                "links": [
                    {
                        "id": s.link.pk, "name": s.link.name, "segment": s.link.segment, "gap": s.gap,
                        "enterprises": [{"id": e.pk, "name": e.name, "how": how} for e, how in s.enterprises],
                        "projects": [{"id": p.pk, "code": p.code, "name": p.name, "how": how} for p, how in s.projects],
                        "leads": [{"id": le.pk, "company": le.company, "stage": le.stage} for le in s.leads],
                    }
                    for s in m.links
                ],
                "gaps_without_lead": [s.link.pk for s in m.gaps_without_lead],
            }
        )  # fmt: skip

    # -- links and placements, nested under the chain ------------------------------------

    def _chain(self, request, pk):
        return get_object_or_404(selectors.chain_list(user=request.user), pk=pk)

    @extend_schema(request=ChainLinkInputSerializer, responses=ChainLinkSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def links(self, request, pk=None):
        """The chain's links (GET, in order) or a new link (POST: segment, name, order,
        divisions as GB/T 4754 division codes, key_products)."""
        chain = self._chain(request, pk)
        if request.method == "POST":
            s = ChainLinkInputSerializer(data=request.data, context=self.get_serializer_context())
            s.is_valid(raise_exception=True)
            data, reason = self._split_reason(s.validated_data)
            link = services.chain_link_save(
                actor=request.user, link=ChainLink(chain=chain), data=data, reason=reason
            )
            return Response(ChainLinkSerializer(link).data, status=status.HTTP_201_CREATED)
        rows = chain.links.prefetch_related("divisions").order_by("order", "id")
        return Response(ChainLinkSerializer(rows, many=True).data)

    @extend_schema(request=ChainLinkInputSerializer, responses=ChainLinkSerializer)
    @action(
        detail=True, methods=["get", "put", "patch", "delete"], url_path=r"links/(?P<link_pk>\d+)",
        pagination_class=None, filter_backends=[],
    )  # fmt: skip
    def link_detail(self, request, pk=None, link_pk=None):
        """One link: read, change (PUT/PATCH) or delete."""
        chain = self._chain(request, pk)
        link = get_object_or_404(chain.links.all(), pk=link_pk)
        if request.method == "DELETE":
            services.chain_link_delete(actor=request.user, link=link)
            return Response(status=status.HTTP_204_NO_CONTENT)
        if request.method in ("PUT", "PATCH"):
            s = ChainLinkInputSerializer(
                link,
                data=request.data,
                partial=request.method == "PATCH",
                context=self.get_serializer_context(),
            )
            s.is_valid(raise_exception=True)
            data, reason = self._split_reason(s.validated_data)
            link = services.chain_link_save(actor=request.user, link=link, data=data, reason=reason)
        return Response(ChainLinkSerializer(link).data)

    @extend_schema(request=PlacementInputSerializer, responses=PlacementSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def placements(self, request, pk=None):
        """Hand placements (GET) or a new one (POST: link id and enterprise id or project id)."""
        chain = self._chain(request, pk)
        if request.method == "POST":
            s = PlacementInputSerializer(data=request.data, context=self.get_serializer_context())
            s.is_valid(raise_exception=True)
            d = s.validated_data
            link = chain.links.filter(pk=d["link"]).first()
            if link is None:
                raise DomainError(_("该产业链没有编号为%(pk)s的环节。") % {"pk": d["link"]}, field="link")
            placement = services.placement_add(
                actor=request.user, link=link, enterprise=d.get("enterprise"), project=d.get("project"),
                note=d.get("note") or "",
            )  # fmt: skip
            return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)
        rows = ChainPlacement.objects.filter(link__chain=chain).select_related(
            "link", "enterprise", "project"
        )
        return Response(PlacementSerializer(rows.order_by("link__order", "link_id", "id"), many=True).data)

    @extend_schema(responses=PlacementSerializer)
    @action(
        detail=True, methods=["get", "delete"], url_path=r"placements/(?P<placement_pk>\d+)",
        pagination_class=None, filter_backends=[],
    )  # fmt: skip
    def placement_detail(self, request, pk=None, placement_pk=None):
        """One hand placement: read or remove (DELETE)."""
        chain = self._chain(request, pk)
        placement = get_object_or_404(
            ChainPlacement.objects.filter(link__chain=chain).select_related("link", "enterprise", "project"),
            pk=placement_pk,
        )
        if request.method == "DELETE":
            services.placement_delete(actor=request.user, placement=placement)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(PlacementSerializer(placement).data)


class FundsInPlaceView(APIView):
    """到资 against agreements: per signed agreement in scope the agreed amount, the funds in
    place cumulative to the period's end and within it (`period` optional), `unit` / `cluster`
    to narrow; `by_unit` totals per responsible unit."""

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str),
            OpenApiParameter("unit", int),
            OpenApiParameter("cluster", str),
        ],
        responses={200: dict},
    )
    def get(self, request):
        if not policy.may(request.user, "view", "lead"):
            raise PermissionDenied()
        period = None
        if request.query_params.get("period"):
            try:
                period = Period.parse(request.query_params["period"])
            except PeriodError as exc:
                raise DomainError(str(exc), field="period")
        rows = selectors.funds_in_place(user=request.user, period=period)
        if request.query_params.get("unit"):
            rows = [r for r in rows if str(r.agreement.lead.unit_id) == request.query_params["unit"]]
        if request.query_params.get("cluster"):
            rows = [r for r in rows if r.agreement.lead.cluster.code == request.query_params["cluster"]]
        by_unit = [{**u, **{k: str(u[k]) for k in ("agreed", "in_place", "in_period")}}
                   for u in selectors.funds_in_place_by_unit(rows)]  # fmt: skip
        return Response({"agreements": [r.as_dict() for r in rows], "by_unit": by_unit})


router = SimpleRouter()
router.register("leads", LeadViewSet, basename="lead")
router.register("chains", ChainViewSet, basename="chain")
urlpatterns = [path("funds-in-place/", FundsInPlaceView.as_view(), name="funds-in-place"), *router.urls]
