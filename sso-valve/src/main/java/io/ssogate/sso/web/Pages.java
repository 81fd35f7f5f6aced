package io.ssogate.sso.web;

import io.ssogate.sso.config.PageConfig;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The sign-in pages: one template, in English, Japanese or Korean. The language comes from {@code ?lang=}
 * (remembered in a cookie), else from {@code Accept-Language}. Plain HTML that works without JavaScript;
 * the template engine escapes every value.
 */
public final class Pages {

    public static final List<String> LANGUAGES = List.of("en", "ja", "ko");
    public static final String LANGUAGE_COOKIE = "SSOGATE_LANG";

    private final Template template;

    public Pages() {
        try (Reader reader = new InputStreamReader(
                Pages.class.getResourceAsStream("templates/page.mustache"), StandardCharsets.UTF_8)) {
            template = Mustache.compiler().defaultValue("").compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("the sign-in page template is missing from the jar", e);
        }
    }

    /** A page being put together: its texts come from the request's language. */
    public Page page(HttpServletRequest request, HttpServletResponse response, PageConfig branding) {
        String lang = language(request, response);
        return new Page(lang, ResourceBundle.getBundle("io.ssogate.sso.web.messages", Locale.forLanguageTag(lang),
                Pages.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)),
                request.getContextPath(), branding);
    }

    public void render(HttpServletResponse response, int status, Page page) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        SecurityHeaders.forPage(response);
        template.execute(page.model, response.getWriter());
    }

    private static String language(HttpServletRequest request, HttpServletResponse response) {
        String asked = request.getParameter("lang");
        if (asked != null && LANGUAGES.contains(asked)) {
            Cookie cookie = new Cookie(LANGUAGE_COOKIE, asked);
            cookie.setPath(request.getContextPath() + "/sso/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
            return asked;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (LANGUAGE_COOKIE.equals(cookie.getName()) && LANGUAGES.contains(cookie.getValue())) {
                    return cookie.getValue();
                }
            }
        }
        if (request.getHeader("Accept-Language") != null) {
            for (Locale locale : Collections.list(request.getLocales())) {
                if (LANGUAGES.contains(locale.getLanguage())) {
                    return locale.getLanguage();
                }
            }
        }
        return "en";
    }

    /** The values of one page. */
    public static final class Page {
        private final Map<String, Object> model = new HashMap<>();
        private final ResourceBundle messages;

        private Page(String lang, ResourceBundle messages, String base, PageConfig branding) {
            this.messages = messages;
            model.put("lang", lang);
            model.put("base", base);
            model.put("company", branding.companyName());
            model.put("logoUrl", branding.logoUrl());
            model.put("languageLabel", text("footer.language"));
            model.put("referenceLabel", text("error.reference"));
            List<Map<String, Object>> languages = new ArrayList<>();
            for (String code : LANGUAGES) {
                ResourceBundle other = ResourceBundle.getBundle("io.ssogate.sso.web.messages", Locale.forLanguageTag(code),
                        Pages.class.getClassLoader(),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
                languages.add(Map.of("code", code, "name", other.getString("lang.name"), "current", code.equals(lang)));
            }
            model.put("languages", languages);
        }

        /** A message in the page's language, with {@code {0}} as the company name. */
        public String text(String key) {
            return MessageFormat.format(messages.getString(key), model.get("company"));
        }

        public Page titled(String titleKey, String headingKey) {
            model.put("title", text(titleKey));
            model.put("heading", text(headingKey));
            return this;
        }

        public Page with(String name, Object value) {
            model.put(name, value);
            return this;
        }

        public Page withText(String name, String key) {
            model.put(name, text(key));
            return this;
        }

        public Page action(String href, String labelKey) {
            model.put("action", Map.of("href", href, "label", text(labelKey)));
            return this;
        }
    }
}
