package io.ssogate.sso.flow;

import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.core.profile.UserProfile;

/**
 * pac4j's profile manager, where pac4j's callback logic saves the profile it verified: instead of keeping
 * the profile in a web session, it opens a gateway session (see {@link SignInCompletion}).
 */
final class SessionOpeningProfileManager extends ProfileManager {

    private final SignInCompletion completion;

    SessionOpeningProfileManager(WebContext context, SessionStore sessionStore, SignInCompletion completion) {
        super(context, sessionStore);
        this.completion = completion;
    }

    @Override
    public void save(boolean saveInSession, UserProfile profile, boolean multiProfile) {
        completion.complete(context, profile);
    }
}
