package io.ssogate.sso.saml;

import com.onelogin.saml2.settings.Saml2Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.exception.CredentialsException;

/**
 * Decides whether a {@code SAMLResponse} signs someone in. In this order, each refusal naming its reason:
 * <ol>
 *   <li>InResponseTo: a response to a request must answer the AuthnRequest this browser session sent (its
 *       ID is taken out of the session store: one use); a response without one is unsolicited, accepted only
 *       when the IdP allows IdP-initiated sign-in;</li>
 *   <li>the toolkit's {@code isValid} (strict, see {@link SamlToolkitSettings}): signature by the IdP's
 *       certificate over the Response or the Assertion, one assertion, XML schema, destination and
 *       recipient = our ACS URL, audience = our entity id, issuer, subject confirmation; encrypted
 *       assertions decrypted with the SP key;</li>
 *   <li>the time window with the configured clock skew, against {@link SamlClientSettings#clock()}: the
 *       toolkit checks it too, but with its fixed three minutes and the system clock;</li>
 *   <li>replay: the assertion id must be new to the {@link AssertionReplayGuard}, which remembers it until
 *       the window closes.</li>
 * </ol>
 */
final class SamlResponseValidator {

    private final SamlClientSettings client;
    private final SamlToolkitSettings toolkit;
    private final String requestIdKey;

    SamlResponseValidator(SamlClientSettings client, SamlToolkitSettings toolkit) {
        this.client = client;
        this.toolkit = toolkit;
        this.requestIdKey = client.idpName() + SamlSessionKeys.REQUEST_ID_SUFFIX;
    }

    ValidatedAssertion validate(CallContext ctx, String encodedResponse) {
        Optional<String> pendingRequest = takePendingRequestId(ctx);
        Saml2Settings settings = currentSettings();
        CheckedSamlResponse response;
        try {
            response = new CheckedSamlResponse(settings, client.acsUrl(), encodedResponse);
        } catch (Exception e) {
            throw refuse("the response cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        String expectedRequestId = expectedRequestId(response.inResponseTo(), pendingRequest);
        if (!response.isValid(expectedRequestId)) {
            throw refuse(response.getError());
        }
        try {
            Instant expiry = checkTimeWindow(response);
            String assertionId = response.getAssertionId();
            ValidatedAssertion assertion = new ValidatedAssertion(assertionId, settings.getIdpEntityId(),
                    response.getNameId(), response.getNameIdFormat(), response.getNameIdNameQualifier(),
                    response.getNameIdSPNameQualifier(), response.getSessionIndex(), response.getAttributes());
            if (!client.replayGuard().firstUse(client.idpName(), assertionId, expiry)) {
                throw refuse("assertion " + assertionId + " was already used (replay)");
            }
            return assertion;
        } catch (CredentialsException e) {
            throw e;
        } catch (Exception e) {
            throw refuse("the validated response cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Saml2Settings currentSettings() {
        try {
            return toolkit.current();
        } catch (RuntimeException e) {
            throw refuse("no usable IdP metadata: " + e.getMessage());
        }
    }

    /** The ID the response must answer: ours, or none for an unsolicited response where those are allowed. */
    private String expectedRequestId(String inResponseTo, Optional<String> pendingRequest) {
        if (inResponseTo == null) {
            if (!client.idp().allowIdpInitiated()) {
                throw refuse("unsolicited response (no InResponseTo), and IdP-initiated sign-in is not allowed");
            }
            return null;
        }
        if (pendingRequest.isEmpty()) {
            throw refuse("the response answers request " + inResponseTo + ", but this session has no request"
                    + " in flight");
        }
        if (!pendingRequest.get().equals(inResponseTo)) {
            throw refuse("the response answers request " + inResponseTo + ", not the one this session sent");
        }
        return inResponseTo;
    }

    /** Removes the pending request ID whatever the outcome: a request is answered once. */
    private Optional<String> takePendingRequestId(CallContext ctx) {
        Optional<String> id = ctx.sessionStore().get(ctx.webContext(), requestIdKey)
                .filter(String.class::isInstance).map(String.class::cast);
        if (id.isPresent()) {
            ctx.sessionStore().set(ctx.webContext(), requestIdKey, null);
        }
        return id;
    }

    /**
     * Checks NotBefore and NotOnOrAfter of the Conditions and of each SubjectConfirmationData with the
     * configured skew, and returns when the replay guard may forget the assertion: the earliest
     * NotOnOrAfter plus the skew, after which the window refuses it anyway.
     */
    private Instant checkTimeWindow(CheckedSamlResponse response) throws Exception {
        Instant now = client.clock().instant();
        Duration skew = client.clockSkew();
        List<Instant> notBefore = new ArrayList<>(response.subjectConfirmationNotBefore());
        response.conditionsNotBefore().ifPresent(notBefore::add);
        for (Instant start : notBefore) {
            if (now.plus(skew).isBefore(start)) {
                throw refuse("the assertion is not valid yet (NotBefore " + start + ", now " + now + ", clock skew "
                        + skew + ")");
            }
        }
        List<Instant> notOnOrAfter = new ArrayList<>(response.subjectConfirmationNotOnOrAfter());
        response.conditionsNotOnOrAfter().ifPresent(notOnOrAfter::add);
        if (notOnOrAfter.isEmpty()) {
            throw refuse("the assertion has no NotOnOrAfter");
        }
        Instant end = notOnOrAfter.stream().min(Instant::compareTo).orElseThrow();
        if (!now.minus(skew).isBefore(end)) {
            throw refuse("the assertion has expired (NotOnOrAfter " + end + ", now " + now + ", clock skew "
                    + skew + ")");
        }
        return end.plus(skew);
    }

    private CredentialsException refuse(String reason) {
        return SamlRefusals.signIn(client.idpName(), reason);
    }
}
