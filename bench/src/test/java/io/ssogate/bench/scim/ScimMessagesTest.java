package io.ssogate.bench.scim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What ScimLoad writes and reads by hand, without a JSON library. */
class ScimMessagesTest {

    @Test
    void aBenchUserIsAnIdpsNewUserWithTheWorkEmailPrimary() {
        assertEquals("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"bench00042@demo.example\","
                        + "\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User00042\",\"formatted\":\"Bench User00042\"},"
                        + "\"displayName\":\"Bench User00042\","
                        + "\"emails\":[{\"value\":\"bench00042@demo.example\",\"type\":\"work\",\"primary\":true}],"
                        + "\"active\":true}",
                ScimMessages.scimUser("bench", 42, "demo.example"));
        assertEquals("bench100000@elsewhere.example", ScimMessages.address("bench", 100_000, "elsewhere.example"));
        assertTrue(ScimMessages.mattermostUser("ref", 7, "demo.example", "pw\"1")
                .startsWith("{\"username\":\"ref00007\",\"email\":\"ref00007@demo.example\",\"password\":\"pw\\\"1\","));
    }

    @Test
    void anEqFilterIsQuotedAndUrlEncodedWithSpacesAsPercentTwenty() {
        assertEquals("filter=userName%20eq%20%22bench00001%40demo.example%22",
                ScimMessages.eqFilter("userName", "bench00001@demo.example"));
        assertEquals("filter=urn%3Assogate%3Aparams%3Ascim%3Aschemas%3Aextension%3Amattermost%3A2.0%3AUser%3AsyncState"
                + "%20eq%20%22SYNCED%22", ScimMessages.eqFilter(ScimMessages.SYNC_STATE, "SYNCED"));
    }

    @Test
    void totalResultsIsReadFromAListAnswerAndMissingFromAnError() {
        assertEquals(OptionalLong.of(10000), ScimMessages.totalResults(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"totalResults\" : 10000,"
                        + "\"Resources\":[]}"));
        assertEquals(OptionalLong.empty(), ScimMessages.totalResults(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\"}"));
        assertEquals(OptionalLong.empty(), ScimMessages.totalResults(null));
    }

    @Test
    void theSyncStateIsReadFromTheGatewaysExtensionOfAUser() {
        assertEquals(Optional.of("OUTSIDE_DOMAINS"), ScimMessages.syncState("{\"totalResults\":1,\"Resources\":[{\"userName\":"
                + "\"a@b.example\",\"urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User\":{\"syncState\" : "
                + "\"OUTSIDE_DOMAINS\",\"syncDetail\":\"b.example is not a domain of the tenant\"}}]}"));
        assertEquals(Optional.empty(), ScimMessages.syncState("{\"totalResults\":0,\"Resources\":[]}"));
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControls() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", ScimMessages.quote("a\"b\\c\n\u0001"));
    }

    @Test
    void picksAreUniformOverTheUsersAndTheSameForTheSameSeed() {
        int[] picks = ScimLoad.picks(10_000, 50, 11);

        assertArrayEquals(picks, ScimLoad.picks(10_000, 50, 11));
        assertEquals(1, Arrays.stream(picks).min().orElseThrow());
        assertEquals(50, Arrays.stream(picks).max().orElseThrow());
    }
}
