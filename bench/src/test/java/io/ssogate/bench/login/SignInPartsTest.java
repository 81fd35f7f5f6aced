package io.ssogate.bench.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two pieces of a browser SignInLoad relies on: the sign-in page's hidden fields and a person's cookies. */
class SignInPartsTest {

    @Test
    void aHiddenFieldIsReadWithTheTemplatesEscapingUndone() {
        String page = "<form><input type=\"hidden\" name=\"csrf\" value=\"a&amp;b&#43;c&#x2F;d\">"
                + "<input type=\"hidden\" name=\"redirect_to\" value=\"/?team=x&amp;y=&quot;1&quot;\"></form>";

        assertEquals(Optional.of("a&b+c/d"), HiddenField.in(page, "csrf"));
        assertEquals(Optional.of("/?team=x&y=\"1\""), HiddenField.in(page, "redirect_to"));
        assertEquals(Optional.empty(), HiddenField.in(page, "email"));
    }

    @Test
    void theJarKeepsTheLatestValueOfEachCookieAndForgetsDeletedOnes() {
        CookieJar jar = new CookieJar();
        jar.absorb("SSOGATE_CSRF=one; Path=/sso; HttpOnly");
        jar.absorb("SSOGATE_SESSION=s1; Path=/; HttpOnly; SameSite=Lax");
        jar.absorb("MMUSERID=u1; Path=/");
        jar.absorb("MMAUTHTOKEN=t1; Path=/; HttpOnly");
        jar.absorb("SSOGATE_CSRF=; Path=/sso; Max-Age=0");
        jar.absorb("MMUSERID=u2; Path=/");

        assertEquals(Optional.of("SSOGATE_SESSION=s1; MMUSERID=u2; MMAUTHTOKEN=t1"), jar.header());
        assertEquals(Optional.of("SSOGATE_SESSION=s1; MMUSERID=u2; MMAUTHTOKEN=t1"),
                jar.header(List.of("SSOGATE_SESSION", "MMUSERID", "MMAUTHTOKEN", "MMCSRF")));
        jar.absorb("MMAUTHTOKEN=x; Max-Age=0");
        assertEquals(Optional.empty(), jar.get("MMAUTHTOKEN"));
    }
}
