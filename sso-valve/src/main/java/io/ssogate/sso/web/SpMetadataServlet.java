package io.ssogate.sso.web;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.saml.SamlClientFactory;
import io.ssogate.sso.saml.SamlSpMetadata;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /sso/saml/metadata?client_name=IDP}: the gateway's SAML service provider metadata for one IdP
 * (entity id, ACS and SLO URLs, certificate), to hand to that IdP's administrator. The parameter may be
 * left out when there is only one SAML IdP.
 */
public final class SpMetadataServlet extends HttpServlet {

    public static final String PATH = SamlClientFactory.METADATA_PATH;

    private final SsoEngine engine;
    private final SamlClientFactory factory;

    public SpMetadataServlet(SsoEngine engine, SamlClientFactory factory) {
        this.engine = engine;
        this.factory = factory;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        List<IdpConfig> saml = current.sso().idps().stream()
                .filter(idp -> idp.protocol() == IdpConfig.Protocol.SAML).toList();
        String name = request.getParameter("client_name");
        Optional<IdpConfig> idp = name != null ? saml.stream().filter(i -> i.name().equals(name)).findFirst()
                : saml.size() == 1 ? Optional.of(saml.get(0)) : Optional.empty();
        if (idp.isEmpty()) {
            response.sendError(404, saml.isEmpty() ? "no SAML IdP is configured"
                    : "name the SAML IdP: ?client_name=" + String.join(" or ?client_name=",
                    saml.stream().map(IdpConfig::name).toList()));
            return;
        }
        String xml;
        try {
            xml = new SamlSpMetadata(factory.settings(SsoEngine.samlRequest(current, idp.get()))).xml();
        } catch (IllegalStateException e) {
            response.sendError(503, e.getMessage());
            return;
        }
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/samlmetadata+xml;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
