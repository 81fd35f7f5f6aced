package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sits between the YAML parser and data binding. It expands {@code ${...}} references in string values
 * one token at a time, after YAML has decided the document's structure: a secret containing {@code ": #"}
 * or a newline stays one scalar, and every line number stays the line in the file.
 *
 * <p>On the way it remembers the line of every key and list element it passes, so problems found after
 * binding (a missing or out-of-range value) can still name a line; and the reference each substituted
 * value came from, so a {@link Secret} can be written back as {@code ${DB_PASSWORD}}. A reference that
 * cannot be expanded, and a key given twice, are recorded as problems and reading goes on (the value is
 * left as written), so one start reports every problem of the file.
 */
final class SubstitutingParser extends JsonParserDelegate {

    private final SecretSubstitution substitution;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<String, String> references = new HashMap<>();
    private ConfigProblems problems;
    /** The current token's text after substitution, or null when the current token is not a changed string. */
    private String substituted;
    private JsonToken lastToken;

    SubstitutingParser(JsonParser yaml, SecretSubstitution substitution) {
        super(yaml);
        this.substitution = substitution;
    }

    /** Where to record failed substitutions and duplicate keys; keys are relative to this parser's root. */
    void reportTo(ConfigProblems sink) {
        this.problems = sink;
    }

    /** Line of {@code key} (a dotted path) in the source, or 0 if the document does not contain it. */
    int lineOf(String key) {
        return lines.getOrDefault(key, 0);
    }

    /** The text as written of the value at {@code key}, when it held a {@code ${...}} reference that was expanded. */
    Optional<String> referenceAt(String key) {
        return Optional.ofNullable(references.get(key));
    }

    /** The last token handed to data binding, which says what a mismatched value actually was. */
    JsonToken lastToken() {
        return lastToken;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        onToken(token);
        return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    private void onToken(JsonToken token) throws IOException {
        lastToken = token;
        substituted = null;
        if (token == null) {
            return;
        }
        boolean startsEntry = token == JsonToken.FIELD_NAME
                || (delegate.getParsingContext().getParent() != null && delegate.getParsingContext().inArray()
                        && token != JsonToken.END_ARRAY);
        String key = null;
        int line = delegate.currentTokenLocation().getLineNr();
        if (startsEntry || token == JsonToken.VALUE_STRING) {
            key = KeyPaths.of(token.isStructStart() ? delegate.getParsingContext().getParent()
                    : delegate.getParsingContext());
            // The first token seen for a key is the key itself (or the list element), so its line wins.
            lines.putIfAbsent(key, line);
        }
        if (token == JsonToken.FIELD_NAME && !keys.add(key)) {
            // YAML would keep the last of two equal keys; a duplicated key is nearly always an editing mistake.
            problems.atLine(key, line, "duplicate key");
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = delegate.getText();
            try {
                String expanded = substitution.expand(text);
                substituted = expanded.equals(text) ? null : expanded;
                if (substituted != null && SecretSubstitution.containsReference(text)) {
                    references.put(key, text);
                }
            } catch (SecretSubstitution.Failure failure) {
                problems.atLine(key, line, failure.getMessage());
            }
        }
    }

    // Every way data binding can read a string value goes through the substituted text.

    @Override
    public String getText() throws IOException {
        return substituted != null ? substituted : delegate.getText();
    }

    @Override
    public int getText(Writer writer) throws IOException {
        if (substituted == null) {
            return delegate.getText(writer);
        }
        writer.write(substituted);
        return substituted.length();
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        return substituted != null ? substituted.toCharArray() : delegate.getTextCharacters();
    }

    @Override
    public int getTextLength() throws IOException {
        return substituted != null ? substituted.length() : delegate.getTextLength();
    }

    @Override
    public int getTextOffset() throws IOException {
        return substituted != null ? 0 : delegate.getTextOffset();
    }

    @Override
    public boolean hasTextCharacters() {
        return substituted == null && delegate.hasTextCharacters();
    }

    @Override
    public String getValueAsString() throws IOException {
        return substituted != null ? substituted : delegate.getValueAsString();
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        return substituted != null ? substituted : delegate.getValueAsString(defaultValue);
    }

    @Override
    public int getValueAsInt() throws IOException {
        return getValueAsInt(0);
    }

    @Override
    public int getValueAsInt(int defaultValue) throws IOException {
        return substituted != null ? NumberInput.parseAsInt(substituted.strip(), defaultValue)
                : delegate.getValueAsInt(defaultValue);
    }

    @Override
    public long getValueAsLong() throws IOException {
        return getValueAsLong(0);
    }

    @Override
    public long getValueAsLong(long defaultValue) throws IOException {
        return substituted != null ? NumberInput.parseAsLong(substituted.strip(), defaultValue)
                : delegate.getValueAsLong(defaultValue);
    }

    @Override
    public boolean getValueAsBoolean(boolean defaultValue) throws IOException {
        if (substituted == null) {
            return delegate.getValueAsBoolean(defaultValue);
        }
        String text = substituted.strip();
        return text.equals("true") || (!text.equals("false") && defaultValue);
    }

    @Override
    public boolean getValueAsBoolean() throws IOException {
        return getValueAsBoolean(false);
    }

    @Override
    public double getValueAsDouble() throws IOException {
        return getValueAsDouble(0.0);
    }

    @Override
    public double getValueAsDouble(double defaultValue) throws IOException {
        return substituted != null ? NumberInput.parseAsDouble(substituted.strip(), defaultValue, false)
                : delegate.getValueAsDouble(defaultValue);
    }
}
