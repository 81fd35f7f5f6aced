package io.ssogate.bench.login;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of a hidden field of the gateway's sign-in page ({@code csrf}, {@code redirect_to}), its HTML
 * escaping undone: the page template escapes named ({@code &amp;}, {@code &quot;}, ...) and numeric character
 * references. The same reading as run.sh's {@code html_attribute} for curl.
 */
final class HiddenField {

    private static final Pattern REFERENCE = Pattern.compile("&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos);");

    private HiddenField() {
    }

    static Optional<String> in(String html, String name) {
        Matcher field = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"")
                .matcher(html);
        if (!field.find()) {
            return Optional.empty();
        }
        return Optional.of(unescape(field.group(1)));
    }

    static String unescape(String text) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String entity = reference.group(1);
            String character = switch (entity) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "lt" -> "<";
                case "gt" -> ">";
                case "apos" -> "'";
                default -> Character.toString(entity.charAt(1) == 'x' || entity.charAt(1) == 'X'
                        ? Integer.parseInt(entity.substring(2), 16)
                        : Integer.parseInt(entity.substring(1)));
            };
            reference.appendReplacement(out, Matcher.quoteReplacement(character));
        }
        reference.appendTail(out);
        return out.toString();
    }
}
