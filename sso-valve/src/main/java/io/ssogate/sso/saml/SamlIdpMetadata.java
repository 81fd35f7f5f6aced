package io.ssogate.sso.saml;

import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import io.ssogate.sso.config.SamlIdpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.xpath.XPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * One IdP's metadata, read by the toolkit's {@link IdPMetadataParser}: from a file once, or from a URL,
 * fetched again once {@link SamlIdpConfig#metadataRefresh()} has passed. A refresh that fails keeps the last
 * good copy (logged at WARN) and is tried again after {@link #RETRY_AFTER_FAILURE} at the latest, so an IdP
 * that is down does not cost every sign-in a timeout. The fetch happens in the thread that asks, under this
 * object's lock: no background thread to stop.
 *
 * <p>The metadata's own signature is not checked (the toolkit has no IdP metadata trust anchor): a URL should
 * be HTTPS from the IdP itself.
 */
public final class SamlIdpMetadata {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    /** Federation aggregates run to megabytes; one IdP's metadata is a few kilobytes. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SamlIdpMetadata.class);

    private final String idpName;
    private final SamlIdpConfig config;
    private final Clock clock;
    private final HttpClient http;

    private Snapshot current;
    private Instant nextRefresh = Instant.MIN;

    /** The values of one good copy, as the toolkit's settings keys; replaced whole, never changed. */
    record Snapshot(Map<String, Object> values, Instant loadedAt) {
        Snapshot {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        String entityId() {
            return (String) values.get(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY);
        }
    }

    public SamlIdpMetadata(String idpName, SamlIdpConfig config, Clock clock) {
        this.idpName = idpName;
        this.config = config;
        this.clock = clock;
        this.http = config.metadataUrl() == null ? null : HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The metadata to use now: loaded on first use, refreshed when due.
     *
     * @throws SamlMetadataException when no good copy was ever loaded
     */
    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (current != null && (config.metadataUrl() == null || now.isBefore(nextRefresh))) {
            return current;
        }
        if (current == null && now.isBefore(nextRefresh)) {
            throw new SamlMetadataException("the metadata of SAML IdP " + idpName + " could not be loaded; next"
                    + " attempt after " + nextRefresh);
        }
        try {
            current = new Snapshot(parse(read()), now);
            nextRefresh = now.plus(config.metadataRefresh());
            LOG.info("SAML IdP {}: metadata loaded from {} (entity id {})", idpName, source(), current.entityId());
        } catch (SamlMetadataException e) {
            Duration retry = config.metadataRefresh().compareTo(RETRY_AFTER_FAILURE) < 0
                    ? config.metadataRefresh() : RETRY_AFTER_FAILURE;
            nextRefresh = now.plus(retry);
            if (current == null) {
                LOG.warn("SAML IdP {}: cannot load metadata from {}: {}", idpName, source(), e.getMessage());
                throw e;
            }
            LOG.warn("SAML IdP {}: metadata refresh from {} failed: {}; keeping the copy loaded at {}", idpName,
                    source(), e.getMessage(), current.loadedAt());
        }
        return current;
    }

    private String source() {
        return config.metadataUrl() != null ? config.metadataUrl().toString() : config.metadataFile().toString();
    }

    private String read() {
        if (config.metadataFile() != null) {
            try {
                return Files.readString(config.metadataFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SamlMetadataException("cannot read " + config.metadataFile() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return fetch(config.metadataUrl());
    }

    private String fetch(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new SamlMetadataException("HTTP status " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new SamlMetadataException("larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new SamlMetadataException(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SamlMetadataException("interrupted");
        }
    }

    /** The toolkit reads the IDPSSODescriptor; what a sign-in cannot do without must be there. */
    private Map<String, Object> parse(String xml) {
        Document document = Util.loadXML(xml);
        if (document == null) {
            throw new SamlMetadataException("not well-formed XML (or it has a DTD, which is refused)");
        }
        Map<String, Object> values;
        try {
            String ssoBinding = config.binding() == SamlIdpConfig.Binding.POST
                    ? Constants.BINDING_HTTP_POST : Constants.BINDING_HTTP_REDIRECT;
            values = IdPMetadataParser.parseXML(document, null, null, ssoBinding, Constants.BINDING_HTTP_REDIRECT);
        } catch (XPathException e) {
            throw new SamlMetadataException("cannot be read as SAML metadata");
        }
        // The NameID format the SP asks for is the SP's choice, not the IdP metadata's.
        values.remove(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY);
        if (values.get(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY) == null) {
            throw new SamlMetadataException("no IDPSSODescriptor with an entityID");
        }
        if (values.get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY) == null) {
            throw new SamlMetadataException("no SingleSignOnService");
        }
        if (values.get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY) == null) {
            throw new SamlMetadataException("no signing certificate (KeyDescriptor)");
        }
        return values;
    }

    /** The metadata cannot be had; the message says why, without the document. */
    static final class SamlMetadataException extends RuntimeException {
        SamlMetadataException(String message) {
            super(message);
        }
    }
}
