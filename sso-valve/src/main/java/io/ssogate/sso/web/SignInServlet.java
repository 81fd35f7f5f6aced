package io.ssogate.sso.web;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.flow.PublicOrigin;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.jee.context.JEEContext;
import org.pac4j.jee.http.adapter.JEEHttpActionAdapter;
import org.pac4j.oidc.config.OidcConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * {@code /sso/login}: "Continue with your work email". The email's domain picks the tenant, the tenant's
 * IdP gets the email as a login hint, and the page first asked for ({@code redirect_to}, checked) is kept
 * server-side for the way back. {@code ?idp=NAME} starts at one IdP directly; with a single IdP and
 * {@code sso.page.skipWhenSingleIdp}, the page is skipped.
 */
public final class SignInServlet extends HttpServlet {

    public static final String PATH = "/sso/login";
    private static final Logger LOG = LoggerFactory.getLogger(SignInServlet.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{1,63}");

    private final SsoEngine engine;
    private final GatewaySessions sessions;
    private final Pages pages;
    private final BooleanSupplier adminSignIn;

    public SignInServlet(SsoEngine engine, GatewaySessions sessions, Pages pages) {
        this(engine, sessions, pages, () -> false);
    }

    /** @param adminSignIn whether to offer the administrators' way to a password ({@link LocalSignInServlet}) */
    public SignInServlet(SsoEngine engine, GatewaySessions sessions, Pages pages, BooleanSupplier adminSignIn) {
        this.engine = engine;
        this.sessions = sessions;
        this.pages = pages;
        this.adminSignIn = adminSignIn;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        SsoConfig sso = current.sso();
        String returnTo = ReturnUrls.safe(request.getParameter("redirect_to"), PublicOrigin.of(current.publicUrl(), request));
        if (!sso.enabled()) {
            renderForm(request, response, current, 503, returnTo, "", "signin.noIdp", false);
            return;
        }
        String token = SessionCookie.valueIn(request, sso.session().cookieName());
        if (token != null && sessions.find(token).isPresent()) {
            response.sendRedirect(request.getContextPath() + returnTo);
            return;
        }
        String idpName = request.getParameter("idp");
        if (idpName != null) {
            Optional<IdpConfig> idp = sso.idp(idpName);
            if (idp.isPresent()) {
                start(request, response, current, idp.get(), returnTo, hint(request.getParameter("login_hint")));
                return;
            }
        }
        List<IdpConfig> idps = sso.idps();
        if (idps.size() == 1 && sso.page().skipWhenSingleIdp()) {
            start(request, response, current, idps.get(0), returnTo, null);
            return;
        }
        renderForm(request, response, current, 200, returnTo, "", null, true);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        SsoEngine.Snapshot current = engine.current();
        SsoConfig sso = current.sso();
        String returnTo = ReturnUrls.safe(request.getParameter("redirect_to"), PublicOrigin.of(current.publicUrl(), request));
        if (!sso.enabled()) {
            renderForm(request, response, current, 503, returnTo, "", "signin.noIdp", false);
            return;
        }
        if (!CsrfTokens.valid(request)) {
            renderForm(request, response, current, 403, returnTo, "", "signin.expired", true);
            return;
        }
        String email = Optional.ofNullable(request.getParameter("email")).orElse("").strip();
        if (!EMAIL.matcher(email).matches()) {
            renderForm(request, response, current, 400, returnTo, email, "signin.invalidEmail", true);
            return;
        }
        Optional<TenantConfig> tenant = sso.tenantForEmail(email);
        if (tenant.isEmpty()) {
            renderForm(request, response, current, 200, returnTo, email, "signin.unknownDomain", true);
            return;
        }
        List<IdpConfig> idps = tenant.get().idps();
        if (idps.size() == 1) {
            start(request, response, current, idps.get(0), returnTo, email.toLowerCase(Locale.ROOT));
            return;
        }
        Pages.Page page = pages.page(request, response, sso.page()).titled("signin.title", "signin.heading")
                .withText("chooseLabel", "signin.choose")
                .with("idpLinks", idps.stream().map(idp -> Map.of("label", idp.displayName(), "href",
                        request.getContextPath() + PATH + "?idp=" + encode(idp.name()) + "&redirect_to="
                                + encode(returnTo) + "&login_hint=" + encode(email))).toList());
        pages.render(response, 200, page);
    }

    private void start(HttpServletRequest request, HttpServletResponse response, SsoEngine.Snapshot current,
                       IdpConfig idp, String returnTo, String loginHint) throws IOException {
        JEEContext context = new JEEContext(request, response);
        CallContext call = new CallContext(context, engine.loginStates());
        try {
            IndirectClient client = (IndirectClient) current.client(idp.name()).orElseThrow();
            engine.loginStates().set(context, Pac4jConstants.REQUESTED_URL, returnTo);
            if (loginHint != null && idp.sendLoginHint()) {
                context.setRequestAttribute(SignInAttributes.LOGIN_HINT, loginHint);
                context.setRequestAttribute(OidcConfiguration.CUSTOM_PARAMS, Map.of(OidcConfiguration.LOGIN_HINT, loginHint));
            }
            HttpAction action = client.getRedirectionAction(call).orElseThrow(
                    () -> new TechnicalException("IdP " + idp.name() + " gave no sign-in redirection"));
            JEEHttpActionAdapter.INSTANCE.adapt(action, context);
        } catch (HttpAction action) {
            JEEHttpActionAdapter.INSTANCE.adapt(action, context);
        } catch (RuntimeException e) {
            // Most often the IdP's discovery or metadata URL did not answer.
            LOG.warn("Could not start a sign-in at IdP {}: {}", idp.name(), e.toString());
            renderForm(request, response, current, 503, returnTo, "", "signin.unavailable", true);
        }
    }

    private void renderForm(HttpServletRequest request, HttpServletResponse response, SsoEngine.Snapshot current,
                            int status, String returnTo, String email, String errorKey, boolean form) throws IOException {
        Pages.Page page = pages.page(request, response, current.sso().page()).titled("signin.title", "signin.heading")
                .withText("lead", "signin.lead")
                .with("email", email)
                .with("returnTo", returnTo);
        if (form) {
            page.with("emailForm", true)
                    .with("csrf", CsrfTokens.issue(request, response, PublicOrigin.isHttps(current.publicUrl(), request)))
                    .withText("emailLabel", "signin.email")
                    .withText("emailPlaceholder", "signin.email.placeholder")
                    .withText("continueLabel", "signin.continue");
        }
        if (errorKey != null) {
            page.withText("error", errorKey);
        }
        if (form && adminSignIn.getAsBoolean()) {
            page.with("adminSignIn", Map.of("href", request.getContextPath() + LocalSignInServlet.PATH,
                    "label", page.text("signin.admin")));
        }
        pages.render(response, status, page);
    }

    private static String hint(String value) {
        return value != null && EMAIL.matcher(value.strip()).matches() ? value.strip().toLowerCase(Locale.ROOT) : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The sign-in URL that returns to {@code path} afterwards. */
    public static String location(String contextPath, String path) {
        return contextPath + PATH + "?redirect_to=" + encode(path);
    }

}
