package dev.lifeboat.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectViewModelTest {
    @TempDir
    Path home;

    private ConnectViewModel vm;

    @BeforeEach
    void createViewModel() {
        vm = new ConnectViewModel(new ProfileStore(home.resolve("config")), home);
    }

    @Test
    void anEmptyFormAsksForTheHostFirst() {
        assertFalse(vm.validProperty().get());
        assertTrue(
                vm.problemProperty().get().contains("host"),
                vm.problemProperty().get());
    }

    @Test
    void agentLoginNeedsOnlyHostAndUser() {
        vm.hostProperty().set("srv.example.org");
        vm.userProperty().set("admin");
        vm.authProperty().set(AuthMethod.AGENT);
        assertTrue(vm.validProperty().get(), vm.problemProperty().get());
    }

    @Test
    void portMustBeANumberInRange() {
        vm.hostProperty().set("h");
        vm.userProperty().set("u");
        vm.authProperty().set(AuthMethod.PASSWORD);
        vm.portProperty().set("70000");
        assertTrue(
                vm.problemProperty().get().contains("port"),
                vm.problemProperty().get());
        vm.portProperty().set("abc");
        assertFalse(vm.validProperty().get());
        vm.portProperty().set("2222");
        assertTrue(vm.validProperty().get());
    }

    @Test
    void keyLoginNeedsAReadableKeyFile() throws Exception {
        vm.hostProperty().set("h");
        vm.userProperty().set("u");
        vm.authProperty().set(AuthMethod.KEY_FILE);
        vm.keyFileProperty().set(home.resolve("missing").toString());
        assertTrue(
                vm.problemProperty().get().contains("does not exist"),
                vm.problemProperty().get());
        Path key = Files.writeString(home.resolve("id_ed25519"), "key");
        vm.keyFileProperty().set(key.toString());
        assertTrue(vm.validProperty().get());
    }

    @Test
    void theDefaultKeyIsTheUsersNewestOpenSshKey() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), "rsa");
        Files.writeString(home.resolve(".ssh/id_ed25519"), "ed");
        vm = new ConnectViewModel(new ProfileStore(home.resolve("config")), home);
        assertEquals(
                home.resolve(".ssh/id_ed25519").toString(), vm.keyFileProperty().get());
    }

    @Test
    void savingAsAProfileNeedsANameAndThenListsIt() {
        vm.hostProperty().set("lab.example.org");
        vm.userProperty().set("admin");
        vm.authProperty().set(AuthMethod.AGENT);
        vm.saveProfileProperty().set(true);
        assertFalse(vm.validProperty().get());
        vm.profileNameProperty().set("Lab");
        assertTrue(vm.saveIfAsked());
        assertEquals(1, vm.profiles().size());
        assertEquals("admin@lab.example.org", vm.profiles().get(0).address());

        vm.clear(home);
        vm.apply(vm.profiles().get(0));
        assertEquals("lab.example.org", vm.hostProperty().get());
        assertEquals(AuthMethod.AGENT, vm.authProperty().get());
    }

    @Test
    void whileConnectingNextIsOffAndAFailureSaysWhy() {
        vm.hostProperty().set("example.org");
        vm.userProperty().set("admin");
        vm.authProperty().set(dev.lifeboat.engine.model.AuthMethod.AGENT);
        assertTrue(vm.canConnectProperty().get());

        vm.connecting(vm.toProfile());
        assertFalse(vm.canConnectProperty().get());
        assertTrue(vm.connectStatusProperty().get().contains("admin@example.org"));

        vm.connectFailed(new dev.lifeboat.engine.EngineException("Authentication failed for admin@example.org."));
        assertTrue(vm.canConnectProperty().get());
        assertEquals(
                "Authentication failed for admin@example.org.",
                vm.connectErrorProperty().get());

        vm.connecting(vm.toProfile());
        assertEquals("", vm.connectErrorProperty().get(), "a new attempt clears the old error");
        vm.connectCancelled();
        assertTrue(vm.connectStatusProperty().get().startsWith("Cancelled"));

        vm.connectFailed(new IllegalStateException("boom"));
        assertTrue(vm.connectErrorProperty().get().contains("log"), "unexpected errors point at the log");
    }
}
