package io.ssogate.core.mattermost;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Mattermost username the gateway gives a person it creates an account for.
 *
 * <p>Names follow the webapp's rule, stricter than the server's (API notes §7): 3–22 characters of
 * {@code a-z 0-9 . - _}, the first a letter, none of the reserved names. The first candidate that
 * normalises to a valid name wins: the IdP's username, then the email's local part, then the person's
 * names; failing all (a name in another script, say), {@code user-} and the person's hash. A person is a
 * {@link NameSource}: a signed-in identity, or a SCIM user.
 *
 * <p><b>Collisions take a stable hash suffix, not a counter.</b> When {@code alice} is taken, the person
 * gets {@code alice-} and six characters of SHA-256 over tenant, IdP and subject. A counter
 * ({@code alice-2}) would hand out names by arrival order: which Alice gets {@code alice-2} would depend
 * on who signed in first, and two new Alices signing in on two nodes at once would both pick
 * {@code alice-2}, one of them then failing on Mattermost's unique username. With the hash the same
 * identity against the same existing users always gets the same name, and two different identities
 * almost never want the same one (30 bits). Should the suffixed name be taken too, the attempt number
 * joins the hash, still deterministically.
 */
public final class UsernameRules {

    /** Whom a name is made for: the candidates in order of preference, and a key stable for the person. */
    public interface NameSource {

        /** Raw name candidates, best first (nulls allowed): a username, an email, names. */
        List<String> nameCandidates();

        /** Parts that identify the person for good (tenant, issuer, subject): the collision suffix hashes them. */
        List<String> stableKey();
    }

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 22;
    /** The webapp's reserved names, a superset of the server's (all, channel, matterbot, system). */
    public static final Set<String> RESERVED = Set.of("all", "channel", "here", "matterbot", "system", "valet");

    /** Hash-suffixed names tried after the plain one; more than this many taken means something is off. */
    public static final int SUFFIX_ATTEMPTS = 5;
    private static final int SUFFIX_LENGTH = 6;
    private static final Pattern VALID = Pattern.compile("^[a-z][a-z0-9._-]{" + (MIN_LENGTH - 1) + ","
            + (MAX_LENGTH - 1) + "}$");
    private static final Pattern DISALLOWED_RUN = Pattern.compile("[^a-z0-9._-]+");
    private static final Pattern SEPARATOR_RUN = Pattern.compile("[._-]{2,}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private UsernameRules() {
    }

    /** Whether Mattermost's webapp accepts {@code username} as it is. */
    public static boolean isValid(String username) {
        return username != null && VALID.matcher(username).matches() && !RESERVED.contains(username);
    }

    /**
     * The preferred name for {@code identity}, before collisions: the first candidate that normalises to
     * a valid name.
     */
    public static String preferred(NameSource identity) {
        for (String candidate : candidates(identity)) {
            Optional<String> name = normalise(candidate);
            if (name.isPresent()) {
                return name.get();
            }
        }
        return "user-" + hashSuffix(identity, 1);
    }

    /**
     * The name for {@code identity} given which names are {@code taken}: the preferred name if free, else
     * the same name with a hash suffix of the identity (see the class comment). Empty when every attempt
     * is taken.
     */
    public static Optional<String> choose(NameSource identity, Predicate<String> taken) {
        String base = preferred(identity);
        if (!taken.test(base)) {
            return Optional.of(base);
        }
        String stem = trimSeparators(base.substring(0, Math.min(base.length(), MAX_LENGTH - SUFFIX_LENGTH - 1)));
        for (int attempt = 1; attempt <= SUFFIX_ATTEMPTS; attempt++) {
            String name = stem + "-" + hashSuffix(identity, attempt);
            if (!taken.test(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code username} is a name {@link #choose} can give {@code identity}: its preferred name or one
     * of its hash-suffixed ones. A provisioned account keeps such a name even when a plainer one has become
     * free, so a name changes only when the person's own names do.
     */
    public static boolean isNameOf(NameSource identity, String username) {
        String base = preferred(identity);
        if (base.equals(username)) {
            return true;
        }
        String stem = trimSeparators(base.substring(0, Math.min(base.length(), MAX_LENGTH - SUFFIX_LENGTH - 1)));
        for (int attempt = 1; attempt <= SUFFIX_ATTEMPTS; attempt++) {
            if ((stem + "-" + hashSuffix(identity, attempt)).equals(username)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code raw} made into a valid username, if it can be: lower-cased, accents dropped, a sub-address
     * ({@code +chat}) and a domain dropped, other characters turned into dots, cut to 22, starting with
     * a letter.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        int backslash = s.lastIndexOf('\\');
        if (backslash >= 0) {
            s = s.substring(backslash + 1);          // DOMAIN\alice, as Windows IdPs send it
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);                   // a UPN or an address: its local part
        }
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);                 // sub-addressing names the mailbox, not the person
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        s = DISALLOWED_RUN.matcher(s).replaceAll(".");
        s = SEPARATOR_RUN.matcher(s).replaceAll(".");
        int firstLetter = 0;
        while (firstLetter < s.length() && (s.charAt(firstLetter) < 'a' || s.charAt(firstLetter) > 'z')) {
            firstLetter++;
        }
        s = s.substring(firstLetter);
        s = trimSeparators(s.substring(0, Math.min(s.length(), MAX_LENGTH)));
        return isValid(s) ? Optional.of(s) : Optional.empty();
    }

    private static List<String> candidates(NameSource identity) {
        return new ArrayList<>(identity.nameCandidates());
    }

    /** Separators at the end look like typos, and bot names may not end with a dot (API notes §7). */
    private static String trimSeparators(String s) {
        int end = s.length();
        while (end > 0 && ".-_".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Six base32 characters of SHA-256(stable key, attempt): stable for one person. */
    public static String hashSuffix(NameSource identity, int attempt) {
        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Lengths first, so ("ab", "c") and ("a", "bc") never hash alike.
            for (String part : identity.stableKey()) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            if (attempt > 1) {
                sha.update(("#" + attempt).getBytes(StandardCharsets.US_ASCII));
            }
            digest = sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        StringBuilder out = new StringBuilder(SUFFIX_LENGTH);
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            out.append(BASE32[(int) ((bits >>> (35 - 5 * i)) & 31)]);
        }
        return out.toString();
    }
}
