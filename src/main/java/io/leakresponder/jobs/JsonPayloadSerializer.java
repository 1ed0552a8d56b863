package io.leakresponder.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.io.IOException;

/**
 * Stores payloads as JSON instead of db-scheduler's default Java serialization, which would tie
 * stored rows to class versions and deserialize untrusted bytes.
 */
final class JsonPayloadSerializer implements Serializer {

    // Own mapper rather than the REST one: stored payloads must stay readable whatever the API does.
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A field removed from a payload class must not make older rows unreadable.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public byte[] serialize(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            // No message from Jackson: it may quote payload content.
            throw new SerializationException(
                    "Cannot write job payload of type " + typeName(data) + " as JSON", null);
        }
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] serializedData) {
        if (serializedData == null) {
            return null;
        }
        try {
            return mapper.readValue(serializedData, type);
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot read stored job payload as " + type.getName() + ": "
                            + e.getClass().getSimpleName(),
                    null);
        }
    }

    private static String typeName(Object data) {
        return data == null ? "null" : data.getClass().getName();
    }
}
