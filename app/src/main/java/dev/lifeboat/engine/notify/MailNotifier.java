package dev.lifeboat.engine.notify;

import dev.lifeboat.engine.EngineException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * E-mail over SMTP with Eclipse Angus (Jakarta Mail): STARTTLS (required, not merely tried), SMTPS, or a plain
 * connection for a relay on the same network; a login when a user is set, its password from the secret store. The
 * server's certificate is checked against the system's authorities, or against the channel's own PEM file, and its
 * name must match the host. Connecting, reading and writing each wait at most {@value #TIMEOUT_MILLIS} ms.
 */
public final class MailNotifier implements Notifier {
    static final int TIMEOUT_MILLIS = 10_000;
    private final Channel channel;
    private final char[] password;

    /** @param password the login's password, or null when the channel has no login */
    public MailNotifier(Channel channel, char[] password) {
        this.channel = channel;
        this.password = password == null ? null : password.clone();
    }

    @Override
    public void send(Notice n) throws EngineException {
        String security = channel.security() == null ? "starttls" : channel.security();
        Properties p = new Properties();
        String proto = security.equals("ssl") ? "smtps" : "smtp";
        String k = "mail." + proto + ".";
        p.put("mail.transport.protocol", proto);
        p.put(k + "host", channel.host());
        p.put(k + "port", Integer.toString(channel.port()));
        p.put(k + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        p.put(k + "timeout", Integer.toString(TIMEOUT_MILLIS));
        p.put(k + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        p.put(k + "auth", Boolean.toString(channel.user() != null));
        switch (security) {
            case "starttls" -> {
                p.put(k + "starttls.enable", "true");
                p.put(k + "starttls.required", "true");
                p.put(k + "ssl.checkserveridentity", "true");
            }
            case "ssl" -> {
                p.put(k + "ssl.enable", "true");
                p.put(k + "ssl.checkserveridentity", "true");
            }
            case "none" -> {}
            default -> throw new EngineException(
                    "The channel " + channel.name() + " has an unknown security \"" + security + "\"");
        }
        if (channel.caFile() != null && !security.equals("none")) {
            p.put(k + "ssl.socketFactory", trusting(Path.of(channel.caFile())).getSocketFactory());
        }
        Session session = channel.user() == null
                ? Session.getInstance(p)
                : Session.getInstance(p, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(channel.user(), password == null ? "" : new String(password));
                    }
                });
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(channel.from()));
            for (String to : channel.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(n.title(), "UTF-8");
            m.setText(n.bodyWithLog(), "UTF-8");
            m.setSentDate(new Date());
            m.setHeader("X-Lifeboat-Event", n.event().name().toLowerCase(java.util.Locale.ROOT));
            Transport.send(m);
        } catch (MessagingException e) {
            throw new EngineException(
                    "The mail to " + String.join(", ", channel.to()) + " via " + channel.host() + ":" + channel.port()
                            + " was not sent: " + cause(e),
                    e);
        }
    }

    private static String cause(Throwable e) {
        String s = e.getMessage();
        Throwable c = e.getCause();
        while (c != null) {
            if (c.getMessage() != null) {
                s = s + ": " + c.getMessage();
            }
            c = c.getCause();
        }
        return s == null ? e.getClass().getSimpleName() : s.replace('\n', ' ');
    }

    /** TLS that trusts the certificates of one PEM file (a server with a certificate of its own). */
    static SSLContext trusting(Path pem) throws EngineException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new EngineException(pem + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----).");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new EngineException("Could not read the certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The recipients, for messages. */
    List<String> to() {
        return channel.to();
    }
}
