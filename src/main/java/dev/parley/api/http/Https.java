package dev.parley.api.http;

import dev.parley.config.TlsSettings;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API port's connector when {@code --tls-cert} is set: TLS (the JDK's defaults: TLS 1.2 and 1.3)
 * then HTTP/1.1, whose WebSocket upgrade the Client SDKs' socket uses. It replaces Javalin's plain
 * connector, so the port speaks HTTPS only.
 */
public final class Https {
    private Https() {}

    public static Connector connector(Server server, HttpConfiguration http, TlsSettings tls, String host, int port) {
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStore(tls.keyStore());
        context.setKeyStorePassword(TlsSettings.STORE_PASSWORD);
        HttpConfiguration secure = new HttpConfiguration(http);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // The name clients ask for is the operator's business (api.nexmo.com behind a hosts file, say).
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(context, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
