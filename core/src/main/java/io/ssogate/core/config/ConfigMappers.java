package io.ssogate.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The two Jackson mappers the configuration is read and written with, set up once and shared (thread-safe). */
final class ConfigMappers {

    static final YAMLMapper YAML = YAMLMapper.builder()
            // Duplicate keys, unknown keys and a second YAML document after "---" are found by
            // SubstitutingParser, RecordingProblemHandler and SourceReader, which report them and go on.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
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
