package io.ssogate.sso.config;

/**
 * The sign-in pages.
 *
 * @param companyName         shown in the title and heading
 * @param logoUrl             an image URL (absolute, or a path on this gateway); null shows none
 * @param skipWhenSingleIdp   with exactly one IdP in the gateway, go straight to it without asking for an email
 */
public record PageConfig(String companyName, String logoUrl, boolean skipWhenSingleIdp) {

    public static final String DEFAULT_COMPANY_NAME = "Mattermost";

    public PageConfig {
        companyName = companyName == null || companyName.isBlank() ? DEFAULT_COMPANY_NAME : companyName;
    }

    public static PageConfig defaults() {
        return new PageConfig(null, null, false);
    }
}
