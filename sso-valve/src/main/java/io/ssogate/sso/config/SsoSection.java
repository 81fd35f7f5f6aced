package io.ssogate.sso.config;

import io.ssogate.core.config.ConfigProblems;
import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.SectionBinding;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code sso:} section as written in {@code ssogate.yaml}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SsoSection(List<Tenant> tenants, Session session, Page page, ServiceProvider serviceProvider,
                         Duration clockSkew) implements SectionBinding<SsoConfig> {

    public static final String KEY = "sso";

    public static final ConfigSection<SsoConfig> SECTION =
            ConfigSection.of(KEY, SsoConfig.class, SsoSection.class, SsoSection::from);

    /** Names appear in URLs and logs: keep them to what needs no escaping anywhere. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}");
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tenant(String name, List<String> domains, List<Idp> idps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Idp(String name, String displayName, String type, Boolean sendLoginHint,
                      Boolean trustUnverifiedEmail, Mapping mapping, Oidc oidc, Saml saml) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mapping(String email, String givenName, String familyName, String displayName, String username,
                          String groups) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Oidc(String discoveryUri, String clientId, Secret clientSecret, String clientAuthentication,
                       Secret privateKey, List<String> scopes, Boolean groupsFromGraph, String graphUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Saml(String metadataUrl, String metadataFile, Duration metadataRefresh, Boolean signAuthnRequests,
                       String binding, Boolean allowIdpInitiated) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Session(String cookieName, Duration idleTimeout, Duration absoluteTimeout) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String companyName, String logoUrl, Boolean skipWhenSingleIdp) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceProvider(String entityId, Secret privateKey, String certificateFile) {
    }

    @Override
    public SsoConfig toModel(ConfigProblems problems) {
        List<TenantConfig> tenantModels = new ArrayList<>();
        Map<String, String> idpNames = new HashMap<>();
        Map<String, String> domainOwners = new HashMap<>();
        if (tenants != null) {
            for (int i = 0; i < tenants.size(); i++) {
                TenantConfig model = tenant(problems.within("tenants[" + i + "]"), tenants.get(i), idpNames,
                        domainOwners);
                if (model != null) {
                    tenantModels.add(model);
                }
            }
        }
        SessionConfig sessionModel = session(problems.within("session"));
        PageConfig pageModel = page == null ? PageConfig.defaults()
                : new PageConfig(page.companyName(), page.logoUrl(), Boolean.TRUE.equals(page.skipWhenSingleIdp()));
        SamlServiceProviderConfig sp = serviceProvider(problems.within("serviceProvider"));
        if (sp != null && !sp.hasKey() && tenants != null) {
            for (int t = 0; t < tenants.size(); t++) {
                List<Idp> idps = tenants.get(t) == null || tenants.get(t).idps() == null ? List.of() : tenants.get(t).idps();
                for (int i = 0; i < idps.size(); i++) {
                    Idp idp = idps.get(i);
                    if (idp != null && idp.saml() != null && Boolean.TRUE.equals(idp.saml().signAuthnRequests())) {
                        problems.within("tenants[" + t + "].idps[" + i + "].saml").at("signAuthnRequests",
                                "needs the SP key: set sso.serviceProvider.privateKey and certificateFile");
                    }
                }
            }
        }
        requirePositive(problems, "clockSkew", clockSkew, true);
        if (problems.any()) {
            return null;
        }
        return new SsoConfig(tenantModels, sessionModel, pageModel, sp, clockSkew);
    }

    private static TenantConfig tenant(ConfigProblems problems, Tenant tenant, Map<String, String> idpNames,
                                       Map<String, String> domainOwners) {
        if (tenant == null) {
            problems.at("name", "required: an empty tenant entry");
            return null;
        }
        checkName(problems, "name", tenant.name());
        List<String> domains = new ArrayList<>();
        if (tenant.domains() == null || tenant.domains().isEmpty()) {
            problems.at("domains", "required: at least one email domain, like example.com");
        } else {
            for (int i = 0; i < tenant.domains().size(); i++) {
                String raw = tenant.domains().get(i);
                String key = "domains[" + i + "]";
                String domain = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
                if (!DOMAIN.matcher(domain).matches()) {
                    problems.at(key, "not an email domain like example.com (no @, no scheme)");
                } else if (domainOwners.putIfAbsent(domain, String.valueOf(tenant.name())) != null) {
                    problems.at(key, "the domain " + domain + " already belongs to tenant "
                            + domainOwners.get(domain) + "; a domain picks one tenant");
                } else {
                    domains.add(domain);
                }
            }
        }
        List<IdpConfig> idpModels = new ArrayList<>();
        if (tenant.idps() == null || tenant.idps().isEmpty()) {
            problems.at("idps", "required: at least one identity provider");
        } else {
            for (int i = 0; i < tenant.idps().size(); i++) {
                IdpConfig idp = idp(problems.within("idps[" + i + "]"), tenant.idps().get(i), idpNames,
                        String.valueOf(tenant.name()));
                if (idp != null) {
                    idpModels.add(idp);
                }
            }
        }
        if (problems.any()) {
            return null;
        }
        return new TenantConfig(tenant.name(), domains, idpModels);
    }

    private static IdpConfig idp(ConfigProblems problems, Idp idp, Map<String, String> idpNames, String tenant) {
        if (idp == null) {
            problems.at("name", "required: an empty identity provider entry");
            return null;
        }
        if (checkName(problems, "name", idp.name())
                && idpNames.putIfAbsent(idp.name(), tenant) != null) {
            problems.at("name", "another identity provider (in tenant " + idpNames.get(idp.name())
                    + ") has this name; names are unique in the gateway, as they name the callback");
        }
        IdpConfig.Protocol protocol = null;
        if (idp.type() == null) {
            problems.at("type", "required: oidc or saml");
        } else {
            switch (idp.type().strip().toLowerCase(Locale.ROOT)) {
                case "oidc" -> protocol = IdpConfig.Protocol.OIDC;
                case "saml" -> protocol = IdpConfig.Protocol.SAML;
                default -> problems.at("type", "must be oidc or saml");
            }
        }
        OidcIdpConfig oidc = null;
        SamlIdpConfig saml = null;
        if (protocol == IdpConfig.Protocol.OIDC) {
            if (idp.saml() != null) {
                problems.at("saml", "an oidc identity provider takes an oidc: block, not saml:");
            }
            oidc = oidc(problems.within("oidc"), idp.oidc());
        } else if (protocol == IdpConfig.Protocol.SAML) {
            if (idp.oidc() != null) {
                problems.at("oidc", "a saml identity provider takes a saml: block, not oidc:");
            }
            saml = saml(problems.within("saml"), idp.saml());
        }
        if (problems.any()) {
            return null;
        }
        Mapping m = idp.mapping();
        ClaimMapping mapping = m == null ? ClaimMapping.defaults()
                : new ClaimMapping(blankToNull(m.email()), blankToNull(m.givenName()), blankToNull(m.familyName()),
                blankToNull(m.displayName()), blankToNull(m.username()), blankToNull(m.groups()));
        return new IdpConfig(idp.name(), blankToNull(idp.displayName()), protocol,
                idp.sendLoginHint() == null || idp.sendLoginHint(), Boolean.TRUE.equals(idp.trustUnverifiedEmail()),
                mapping, oidc, saml);
    }

    private static OidcIdpConfig oidc(ConfigProblems problems, Oidc oidc) {
        if (oidc == null) {
            problems.at("discoveryUri", "required: the provider's .well-known/openid-configuration URL");
            return null;
        }
        URI discovery = url(problems, "discoveryUri", oidc.discoveryUri(), true);
        if (oidc.clientId() == null || oidc.clientId().isBlank()) {
            problems.at("clientId", "required: the gateway's client id at the provider");
        }
        OidcIdpConfig.ClientAuthentication auth = OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC;
        if (oidc.clientAuthentication() != null) {
            try {
                auth = OidcIdpConfig.ClientAuthentication.valueOf(
                        oidc.clientAuthentication().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.at("clientAuthentication",
                        "must be client_secret_basic, client_secret_post or private_key_jwt");
            }
        }
        if (auth == OidcIdpConfig.ClientAuthentication.PRIVATE_KEY_JWT) {
            if (oidc.privateKey() == null) {
                problems.at("privateKey", "required for private_key_jwt: a PEM private key, as ${file:...}");
            } else if (!PemKeys.isRsaPkcs8(oidc.privateKey().reveal())) {
                problems.at("privateKey", "not an unencrypted PKCS#8 RSA private key in PEM (-----BEGIN PRIVATE KEY-----)");
            }
        } else if (oidc.clientSecret() == null || oidc.clientSecret().reveal().isEmpty()) {
            problems.at("clientSecret", "required for " + auth.name().toLowerCase(Locale.ROOT)
                    + ": give it as ${ENV} or ${file:...}");
        }
        List<String> scopes = null;
        if (oidc.scopes() != null) {
            scopes = new ArrayList<>();
            for (String scope : oidc.scopes()) {
                if (scope == null || scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
                    problems.at("scopes", "a scope is one word without spaces or quotes");
                    break;
                }
                scopes.add(scope);
            }
            if (!scopes.contains("openid")) {
                scopes.add(0, "openid");
            }
        }
        boolean groupsFromGraph = Boolean.TRUE.equals(oidc.groupsFromGraph());
        URI graphUrl = null;
        if (oidc.graphUrl() != null) {
            if (!groupsFromGraph) {
                problems.at("graphUrl", "only used with groupsFromGraph: true; set that too, or remove graphUrl");
            } else {
                graphUrl = graphUrl(problems, "graphUrl", oidc.graphUrl());
            }
        }
        if (problems.any()) {
            return null;
        }
        return new OidcIdpConfig(discovery, oidc.clientId().strip(), oidc.clientSecret(), auth, oidc.privateKey(),
                scopes, groupsFromGraph, graphUrl);
    }

    private static SamlIdpConfig saml(ConfigProblems problems, Saml saml) {
        if (saml == null || (saml.metadataUrl() == null && saml.metadataFile() == null)) {
            problems.at("metadataUrl", "required: the IdP's metadata URL, or metadataFile for a copy on disk");
            return null;
        }
        URI metadataUrl = null;
        Path metadataFile = null;
        if (saml.metadataUrl() != null && saml.metadataFile() != null) {
            problems.at("metadataFile", "give metadataUrl or metadataFile, not both");
        } else if (saml.metadataUrl() != null) {
            metadataUrl = url(problems, "metadataUrl", saml.metadataUrl(), true);
        } else {
            metadataFile = readableFile(problems, "metadataFile", saml.metadataFile());
        }
        requirePositive(problems, "metadataRefresh", saml.metadataRefresh(), false);
        SamlIdpConfig.Binding binding = SamlIdpConfig.Binding.REDIRECT;
        if (saml.binding() != null) {
            switch (saml.binding().strip().toLowerCase(Locale.ROOT)) {
                case "redirect", "http-redirect" -> binding = SamlIdpConfig.Binding.REDIRECT;
                case "post", "http-post" -> binding = SamlIdpConfig.Binding.POST;
                default -> problems.at("binding", "must be redirect or post");
            }
        }
        if (problems.any()) {
            return null;
        }
        return new SamlIdpConfig(metadataUrl, metadataFile, saml.metadataRefresh(),
                Boolean.TRUE.equals(saml.signAuthnRequests()), binding, Boolean.TRUE.equals(saml.allowIdpInitiated()));
    }

    private SessionConfig session(ConfigProblems problems) {
        if (session == null) {
            return SessionConfig.defaults();
        }
        if (session.cookieName() != null && !COOKIE_NAME.matcher(session.cookieName()).matches()) {
            problems.at("cookieName", "letters, digits, _ and - only (at most 64)");
        }
        requirePositive(problems, "idleTimeout", session.idleTimeout(), false);
        requirePositive(problems, "absoluteTimeout", session.absoluteTimeout(), false);
        if (session.idleTimeout() != null && session.absoluteTimeout() != null
                && session.idleTimeout().compareTo(session.absoluteTimeout()) > 0) {
            problems.at("idleTimeout", "must not be longer than absoluteTimeout");
        }
        return new SessionConfig(session.cookieName(), session.idleTimeout(), session.absoluteTimeout());
    }

    private SamlServiceProviderConfig serviceProvider(ConfigProblems problems) {
        if (serviceProvider == null) {
            return SamlServiceProviderConfig.defaults();
        }
        Path certificate = serviceProvider.certificateFile() == null ? null
                : readableFile(problems, "certificateFile", serviceProvider.certificateFile());
        if ((serviceProvider.privateKey() == null) != (serviceProvider.certificateFile() == null)) {
            problems.at(serviceProvider.privateKey() == null ? "privateKey" : "certificateFile",
                    "privateKey and certificateFile go together: the key signs, its certificate is published");
        }
        if (serviceProvider.privateKey() != null && !PemKeys.isRsaPkcs8(serviceProvider.privateKey().reveal())) {
            problems.at("privateKey", "not an unencrypted PKCS#8 RSA private key in PEM (-----BEGIN PRIVATE KEY-----)");
        }
        return new SamlServiceProviderConfig(blankToNull(serviceProvider.entityId()), serviceProvider.privateKey(),
                certificate);
    }

    static SsoSection from(SsoConfig config) {
        List<Tenant> tenants = config.tenants().stream().map(t -> new Tenant(t.name(), t.domains(),
                t.idps().stream().map(SsoSection::idpBinding).toList())).toList();
        SessionConfig s = config.session();
        PageConfig p = config.page();
        SamlServiceProviderConfig sp = config.serviceProvider();
        return new SsoSection(tenants.isEmpty() ? null : tenants,
                new Session(s.cookieName(), s.idleTimeout(), s.absoluteTimeout()),
                new Page(p.companyName(), p.logoUrl(), p.skipWhenSingleIdp()),
                sp.equals(SamlServiceProviderConfig.defaults()) ? null : new ServiceProvider(sp.entityId(),
                        sp.privateKey(), sp.certificateFile() == null ? null : sp.certificateFile().toString()),
                config.clockSkew());
    }

    private static Idp idpBinding(IdpConfig idp) {
        ClaimMapping m = idp.mapping();
        Mapping mapping = m.equals(ClaimMapping.defaults()) ? null
                : new Mapping(m.email(), m.givenName(), m.familyName(), m.displayName(), m.username(), m.groups());
        Oidc oidc = idp.oidc() == null ? null : new Oidc(idp.oidc().discoveryUri().toString(), idp.oidc().clientId(),
                idp.oidc().clientSecret(), idp.oidc().clientAuthentication().name().toLowerCase(Locale.ROOT),
                idp.oidc().privateKey(), idp.oidc().scopes(), idp.oidc().groupsFromGraph() ? Boolean.TRUE : null,
                idp.oidc().graphUrl() == null ? null : idp.oidc().graphUrl().toString());
        Saml saml = idp.saml() == null ? null : new Saml(
                idp.saml().metadataUrl() == null ? null : idp.saml().metadataUrl().toString(),
                idp.saml().metadataFile() == null ? null : idp.saml().metadataFile().toString(),
                idp.saml().metadataRefresh(), idp.saml().signAuthnRequests(),
                idp.saml().binding().name().toLowerCase(Locale.ROOT), idp.saml().allowIdpInitiated());
        return new Idp(idp.name(), idp.displayName(), idp.protocol().name().toLowerCase(Locale.ROOT),
                idp.sendLoginHint(), idp.trustUnverifiedEmail(), mapping, oidc, saml);
    }

    private static boolean checkName(ConfigProblems problems, String key, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.at(key, "required: letters, digits, _ . and - (at most 64), starting with a letter or digit");
            return false;
        }
        return true;
    }

    private static URI url(ConfigProblems problems, String key, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                problems.at(key, "required: an absolute http or https URL");
            }
            return null;
        }
        // Not HttpUrlFormat: that one is for base URLs, and an IdP's document URL may have a query
        // (Entra ID's SAML metadata ends in ?appid=...).
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            problems.at(key, "not a valid URL (" + e.getReason() + ")");
            return null;
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            problems.at(key, "must be an absolute http or https URL with a host");
            return null;
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            problems.at(key, "must not have user:password@ or a #fragment");
            return null;
        }
        return uri;
    }

    /**
     * Microsoft Graph's base URL. The sign-in's access token is sent there, so it must be https, except on
     * the machine itself (a test double), and a base: no query, since the request path is appended.
     */
    private static URI graphUrl(ConfigProblems problems, String key, String text) {
        URI uri = url(problems, key, text, false);
        if (uri == null) {
            return null;
        }
        if (uri.getRawQuery() != null) {
            problems.at(key, "must be a base URL without ?query, like https://graph.microsoft.com");
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !loopback) {
            problems.at(key, "must be https: the sign-in's access token is sent to it (http only for localhost)");
            return null;
        }
        String url = uri.toString();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    private static Path readableFile(ConfigProblems problems, String key, String text) {
        if (text.isBlank()) {
            problems.at(key, "must not be blank");
            return null;
        }
        try {
            Path path = Path.of(text);
            if (!Files.isReadable(path)) {
                problems.at(key, "cannot read the file " + path.toAbsolutePath());
                return null;
            }
            return path;
        } catch (InvalidPathException e) {
            problems.at(key, "not a valid path on this system");
            return null;
        }
    }

    private static void requirePositive(ConfigProblems problems, String key, Duration value, boolean zeroAllowed) {
        if (value != null && (value.isNegative() || (!zeroAllowed && value.isZero()))) {
            problems.at(key, zeroAllowed ? "must not be negative" : "must be longer than 0s");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
