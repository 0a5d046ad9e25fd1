"""The SMS provider's webhooks: inbound texts (`From`, `Body`) and delivery status reports
(`MessageSid`, `MessageStatus`, `ErrorCode`), both form-encoded POSTs like Twilio's.

They are not signed-in pages: each must present the shared secret
(`MISSIONCJ_NOTIFY_WEBHOOK_SECRET`) as `?secret=` in the URL or an `X-Notify-Secret` header.
Without it, or when no secret is configured, the answer is a 404 and nothing is stored."""

from __future__ import annotations

import hmac

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from missioncj.notify import replies
from missioncj.notify.conf import setting

EMPTY_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _check_secret(request: HttpRequest) -> None:
    expected = str(setting("notify_webhook_secret") or "")
    given = request.GET.get("secret") or request.headers.get("X-Notify-Secret", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Http404("No such page")


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    _check_secret(request)
    replies.receive_reply(
        from_number=request.POST.get("From", ""), body=request.POST.get("Body", "")
    )
    # An empty answer: the confirmation, if any, goes out through the queue.
    return HttpResponse(EMPTY_REPLY, content_type="text/xml")


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    _check_secret(request)
    replies.receive_status(
        provider_id=request.POST.get("MessageSid", ""),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)
