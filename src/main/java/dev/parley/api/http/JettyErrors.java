package dev.parley.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.ErrorCode;
import dev.parley.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors Jetty answers itself, before a request reaches the route table (a malformed URI, an
 * ambiguous path, bad headers): rendered as the Vonage error body instead of Jetty's HTML page.
 */
public final class JettyErrors extends ErrorHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger("parley.access");

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        String instance = HexFormat.of().formatHex(bytes);
        ErrorCode code = status == 404
                ? ErrorCode.HTTP_NOT_FOUND
                : status >= 500 ? ErrorCode.SYSTEM_INTERNAL_ERROR : ErrorCode.HTTP_VALIDATION_FAIL;
        ObjectNode body = Json.object();
        body.put("title", status >= 500 ? "Internal Error." : status == 404 ? "Not found." : "Bad request.");
        body.put("type", ErrorMapper.DOCS + code);
        body.put("code", code.code());
        body.put(
                "detail",
                status >= 500
                        ? "Something went wrong."
                        : "The request could not be understood: malformed or ambiguous URI or headers.");
        body.put("instance", instance);
        if (code == ErrorCode.HTTP_VALIDATION_FAIL) {
            body.putArray("invalid_parameters")
                    .addObject()
                    .put("name", "request")
                    .put("reason", "malformed or ambiguous URI or headers");
        }
        ACCESS.info(
                "{} {} {} rejected by the HTTP layer instance={} code={}",
                request.getMethod(),
                request.getHttpURI().getPath(),
                status,
                instance,
                code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty drops the connection after a malformed request; say so, so clients do not reuse it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
