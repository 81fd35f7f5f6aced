package io.ssogate.sso.web;

import io.ssogate.sso.flow.SsoEngine;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /sso/signed-out}: the end of every sign-out, with a way back in; never redirects anywhere itself. */
public final class SignedOutServlet extends HttpServlet {

    public static final String PATH = "/sso/signed-out";

    private final SsoEngine engine;
    private final Pages pages;

    public SignedOutServlet(SsoEngine engine, Pages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Pages.Page page = pages.page(request, response, engine.current().sso().page())
                .titled("signedout.title", "signedout.heading").withText("lead", "signedout.lead")
                .action(request.getContextPath() + SignInServlet.PATH, "signedout.again");
        pages.render(response, 200, page);
    }
}
