"""Language: Chinese unless the user chose English with the switcher (a cookie). The browser's
Accept-Language is deliberately ignored: the portal is a Chinese product whose English is optional."""

from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils import translation


def portal_language(request) -> str:
    """The language a request is served in: the switcher's cookie if it names one of ours."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class PortalLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(portal_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """The Content-Security-Policy of settings.CONTENT_SECURITY_POLICY on every HTML page (no inline
    script or style anywhere: pages mark elements with data-* attributes and portal.js acts on them),
    and a Permissions-Policy that lets only the stock-take page's camera through. Files (PDF, Excel,
    images) need no policy: they run no script, and a policy can stop the browser's PDF viewer.

    With nothing inline there are no nonces, so the header is the same for every page: it is built
    once per process (the public pages are served from the cache at thousands a second, where
    django-csp's building it per response showed). A view that changes the policy with django-csp's
    decorators still gets its own, built by django-csp."""

    PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    OVERRIDES = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")

    def __init__(self, get_response):
        super().__init__(get_response)
        self.policy = build_policy()

    def process_request(self, request):
        return None  # no nonces: nothing inline to allow

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        if any(getattr(response, name, None) for name in self.OVERRIDES):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
