package io.ssogate.core.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The two Jackson mappers the configuration is read and written with, set up once and shared (thread-safe). */
final class ConfigMappers {

    static final YAMLMapper YAML = YAMLMapper.builder()
            // YAML keeps the last of two equal keys; a duplicated key is nearly always an editing mistake.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A second YAML document after "---" would otherwise be ignored without a word.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // port: 8080.9 is a mistake, not 8080.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .addModule(new ConfigJacksonModule())
            .build();

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new ConfigJacksonModule())
            .build();

    private ConfigMappers() {
    }
}
