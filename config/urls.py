from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import login_elsewhere
from accreditation.api import errors as api_errors
from accreditation.views.dashboard import dashboard
from cms import views as cms_views
from cms.api import CredentialListView
from cms.feeds import CertifiedItemsFeed
from cms.sitemaps import BilingualSitemap, DirectorySitemap
from registry_export import verify_views
from registry_export import views as registry_views

from . import health, http_cache
from .i18n import set_language

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("django-admin/", admin.site.urls),
    # One sign-in door (accounts/views.py): Wagtail's admin form sends its visitor to it.
    path("cms-admin/login/", login_elsewhere, {"default_next": "/cms-admin/"}),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("dashboard/", dashboard, name="dashboard"),
    path("portal/", include("portal.urls")),
    path("desk/", include("desk.urls")),
    path("attachments/", include("accreditation.urls.attachments")),
    path("review/", include("reviewers.urls.queue")),
    path("registry/", include("registry_export.urls")),
    path(".well-known/did.json", registry_views.did_document, name="did_document"),
    path("api/v1/credentials/", CredentialListView.as_view(), name="credentials_api"),
    path("api/v1/verify/", verify_views.VerifyView.as_view(), name="verify_api"),
    path("api/v1/", include("portal.api.urls")),
    re_path(r"^api/", api_errors.unknown_endpoint, name="api_unknown_endpoint"),
    path(
        "catalogue/items/<uuid:credential_id>/",
        cms_views.item_by_credential,
        name="catalogue_item",
    ),
    # The same for every reader: feed readers and crawlers revalidate them by ETag.
    path(
        "sitemap.xml",
        http_cache.public()(sitemap),
        {"sitemaps": {"pages": BilingualSitemap, "directory": DirectorySitemap}},
        name="sitemap",
    ),
    path(
        "feeds/certified.<str:language>.atom",
        http_cache.public()(CertifiedItemsFeed()),
        name="certified_feed",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(path("statistics/", cms_views.statistics, name="statistics"))
urlpatterns += i18n_patterns(path("verify/", verify_views.verify_page, name="verify"))
urlpatterns += i18n_patterns(
    path("providers/", cms_views.provider_list, name="provider_list"),
    path("providers/<slug:slug>/", cms_views.provider_detail, name="provider_detail"),
    path("pathways/", cms_views.pathway_list, name="pathway_list"),
    path("pathways/<str:key>/", cms_views.pathway_detail, name="pathway_detail"),
)
# The public site, under /ja/ and /en/; Wagtail serves whatever the patterns above do not,
# but for its own sign-in form for private pages, closed like the admins' (accounts/views.py).
urlpatterns += i18n_patterns(
    path("_util/login/", login_elsewhere),
    path("", include(wagtail_urls)),
)
