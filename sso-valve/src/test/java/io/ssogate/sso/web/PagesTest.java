package io.ssogate.sso.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssogate.sso.config.PageConfig;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The sign-in pages' language and escaping. */
class PagesTest {

    private final Pages pages = new Pages();

    @Test
    void theLanguageFollowsAcceptLanguage() throws Exception {
        assertTrue(render(List.of(Locale.JAPANESE), null, null, "Example Corp").contains("Example Corp にサインイン"));
        assertTrue(render(List.of(Locale.KOREAN), null, null, "Example Corp").contains("Example Corp에 로그인"));
        assertTrue(render(List.of(Locale.FRENCH, Locale.ENGLISH), null, null, "Example Corp").contains("Sign in to Example Corp"));
    }

    @Test
    void langSwitchesTheLanguageAndIsRememberedInACookie() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        String page = render(List.of(Locale.ENGLISH), "ko", response, "Example Corp");

        assertTrue(page.contains("lang=\"ko\""));
        ArgumentCaptor<Cookie> cookie = ArgumentCaptor.forClass(Cookie.class);
        verify(response).addCookie(cookie.capture());
        assertTrue(cookie.getValue().getName().equals(Pages.LANGUAGE_COOKIE) && cookie.getValue().getValue().equals("ko"));
        assertTrue(cookie.getValue().isHttpOnly());
    }

    @Test
    void anUnknownLangIsIgnored() throws Exception {
        assertTrue(render(List.of(Locale.JAPANESE), "xx\"><script>", null, "Example Corp").contains("lang=\"ja\""));
    }

    @Test
    void configuredTextIsEscaped() throws Exception {
        String page = render(List.of(Locale.ENGLISH), null, null, "<script>alert(1)</script> & Co");

        assertFalse(page.contains("<script>alert(1)"));
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    }

    @Test
    void everyPageOffersTheThreeLanguagesAndCarriesNoScript() throws Exception {
        String page = render(List.of(Locale.ENGLISH), null, null, "Example Corp");

        assertTrue(page.contains(">English<") && page.contains(">日本語<") && page.contains(">한국어<"));
        assertFalse(page.contains("<script"));
    }

    private String render(List<Locale> locales, String lang, HttpServletResponse response, String company) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeader("Accept-Language")).thenReturn("x");
        when(request.getLocales()).thenReturn(Collections.enumeration(locales));
        when(request.getParameter("lang")).thenReturn(lang);
        when(request.getContextPath()).thenReturn("");
        HttpServletResponse target = response != null ? response : mock(HttpServletResponse.class);
        StringWriter html = new StringWriter();
        when(target.getWriter()).thenReturn(new PrintWriter(html));
        Pages.Page page = pages.page(request, target, new PageConfig(company, null, false))
                .titled("signin.title", "signin.heading");
        pages.render(target, 200, page);
        return html.toString();
    }
}
