package dev.parley.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Parley uses no HTTP sessions, but Javalin asks for one on every WebSocket upgrade (it snapshots
 * session attributes), and Jetty never expires a session whose upgraded request never completes:
 * every socket ever opened would leave one in memory. This filter hands such requests an empty
 * session of their own that nobody stores.
 */
public final class NoHttpSessions implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            chain.doFilter(new Wrapper(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class Wrapper extends HttpServletRequestWrapper {
        private HttpSession session;

        Wrapper(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (session == null && create) {
                session = new EmptySession(getServletContext());
            }
            return session;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }
    }

    /** A session that holds nothing and is never stored. */
    private record EmptySession(ServletContext servletContext) implements HttpSession {
        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public String getId() {
            return "";
        }

        @Override
        public long getLastAccessedTime() {
            return 0;
        }

        @Override
        public ServletContext getServletContext() {
            return servletContext;
        }

        @Override
        public void setMaxInactiveInterval(int interval) {}

        @Override
        public int getMaxInactiveInterval() {
            return 0;
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public void setAttribute(String name, Object value) {}

        @Override
        public void removeAttribute(String name) {}

        @Override
        public void invalidate() {}

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
