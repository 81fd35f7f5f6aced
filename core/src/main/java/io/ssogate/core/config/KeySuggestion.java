package io.ssogate.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key an operator most likely meant when they wrote an unknown one. */
final class KeySuggestion {

    private KeySuggestion() {
    }

    static Optional<String> closest(String unknown, Collection<?> knownKeys) {
        String wanted = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object known : knownKeys) {
            String candidate = String.valueOf(known);
            int distance = editDistance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String lowerBest = best.toLowerCase(Locale.ROOT);
        boolean close = bestDistance <= Math.max(2, wanted.length() / 3)
                || (wanted.length() >= 4 && (lowerBest.startsWith(wanted) || wanted.startsWith(lowerBest)));
        return close ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
