package io.ssogate.sso.flow;

import io.ssogate.sso.web.ReturnUrls;

import org.pac4j.core.context.CallContext;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.core.engine.savedrequest.SavedRequestHandler;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.util.HttpActionHelper;
import org.pac4j.jee.context.JEEContext;

/**
 * Where pac4j's callback logic sends the person after the callback: the page they first asked for, saved
 * (already checked) when the sign-in started and checked again here. A callback that opened no session (the
 * IdP answered with an error, or with nothing) fails instead of redirecting, because the deep link would
 * only send the person back to the IdP: that is how sign-in loops start.
 */
public final class ReturnAfterSignIn implements SavedRequestHandler {

    @Override
    public void save(CallContext ctx) {
        throw new UnsupportedOperationException("the sign-in page saves the return URL itself");
    }

    @Override
    public HttpAction restore(CallContext ctx, String defaultUrl) {
        var context = ctx.webContext();
        if (context.getRequestAttribute(SignInAttributes.SIGNED_IN).isEmpty()) {
            throw new SignInFailedException("the IdP's answer signed nobody in");
        }
        Object saved = ctx.sessionStore().get(context, Pac4jConstants.REQUESTED_URL).orElse(null);
        String path = ReturnUrls.safe(saved instanceof String url ? url : null, null);
        ctx.sessionStore().destroySession(context);
        String contextPath = ((JEEContext) context).getNativeRequest().getContextPath();
        return HttpActionHelper.buildRedirectUrlAction(context, contextPath + path);
    }
}
