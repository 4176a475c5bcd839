package dev.lifeboat.ui.scheduleform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.engine.notify.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailChannelFormTest {

    @Test
    void anEmailChannelNeedsAServerASenderAndRecipientsAndTakesNoNameTwice() {
        MailChannelForm f = new MailChannelForm(List.of("mail"));
        assertEquals("mail-2", f.nameProperty().get());
        assertEquals(
                "The SMTP server, e.g. mail.example.org.", f.problemProperty().get());
        f.hostProperty().set("mail.example.org");
        assertEquals(
                "The sender's address, e.g. backup@example.org.",
                f.problemProperty().get());
        f.fromProperty().set("backup@example.org");
        assertEquals(
                "Whom to tell: one address or more, separated by commas.",
                f.problemProperty().get());
        f.toProperty().set("admin@example.org, boss@example.org");
        assertEquals("", f.problemProperty().get());
        f.nameProperty().set("mail");
        assertEquals("A channel named mail exists already.", f.problemProperty().get());
        f.nameProperty().set("lab-mail");
        f.portProperty().set("99999");
        assertEquals(
                "The port is a number from 1 to 65535 (587 for STARTTLS, 465 for SSL).",
                f.problemProperty().get());
        f.portProperty().set("587");
        f.securityProperty().set("ssl");
        assertEquals("465", f.portProperty().get(), "the usual port follows the security");
        f.portProperty().set("2465");
        f.securityProperty().set("starttls");
        assertEquals("2465", f.portProperty().get(), "a port of the admin's own stays");
        f.userProperty().set("backup@example.org");
        Channel c = f.toChannel();
        assertEquals("lab-mail", c.name());
        assertEquals(Channel.Type.EMAIL, c.type());
        assertEquals("mail.example.org", c.host());
        assertEquals(2465, c.port());
        assertEquals("starttls", c.security());
        assertEquals("backup@example.org", c.user());
        assertEquals(List.of("admin@example.org", "boss@example.org"), c.to());
        assertEquals(null, c.secret(), "the password goes to the secret store, never into the channel");
    }
}
