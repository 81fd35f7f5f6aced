package io.ssogate.proxy.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicUrlRewriterTest {

    private final PublicUrlRewriter rewriter =
            new PublicUrlRewriter(URI.create("http://mm.internal:8065/base/"), "https://chat.example.com");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://mm.internal:8065/base/login?x=1#frag | https://chat.example.com/login?x=1#frag",
            "HTTP://MM.INTERNAL:8065/base/a%2Fb         | https://chat.example.com/a%2Fb",
            "http://mm.internal:8065/base               | https://chat.example.com",
            "http://mm.internal:8065/basement           | http://mm.internal:8065/basement",
            "http://mm.internal:8065/other              | http://mm.internal:8065/other",
            "http://mm.internal:9999/base/login         | http://mm.internal:9999/base/login",
            "https://mm.internal:8065/base/login        | https://mm.internal:8065/base/login",
            "https://gitlab.example.com/oauth/authorize | https://gitlab.example.com/oauth/authorize",
            "/base/login                                | /base/login",
            "login                                      | login",
            "http://mm.internal:8065/base/ bad uri      | http://mm.internal:8065/base/ bad uri",
    })
    void locationsAtTheUpstreamMoveToThePublicOriginAndOthersStay(String location, String expected) {
        assertEquals(expected, rewriter.rewriteLocation(location));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a=1; Domain=mm.internal; Path=/base/x; Secure | a=1; Path=/x; Secure",
            "a=1; Domain=.MM.internal; Path=/base          | a=1; Path=/",
            "a=1; domain=mm.internal                       | a=1",
            "a=1; Domain=example.com; Path=/basement        | a=1; Domain=example.com; Path=/basement",
            "a=1; Path=/other; HttpOnly                    | a=1; Path=/other; HttpOnly",
            "a=b=c; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/base/p; SameSite=None; Secure; HttpOnly; Max-Age=60 "
                    + "| a=b=c; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/p; SameSite=None; Secure; HttpOnly; Max-Age=60",
    })
    void setCookieLosesTheUpstreamDomainAndPathPrefixButKeepsEverythingElse(String cookie, String expected) {
        assertEquals(expected, rewriter.rewriteSetCookie(cookie));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a=1; Path=/x; Domain=other", "MMAUTHTOKEN=abc"})
    void setCookieWithNothingToRewriteIsReturnedAsIs(String cookie) {
        assertEquals(cookie, rewriter.rewriteSetCookie(cookie));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:80/x | http://pub/x",
            "http://127.0.0.1/x    | http://pub/x",
    })
    void defaultPortsCompareEqualToNoPort(String location, String expected) {
        PublicUrlRewriter atOrigin = new PublicUrlRewriter(URI.create("http://127.0.0.1"), "http://pub");
        assertEquals(expected, atOrigin.rewriteLocation(location));
    }
}
