package dev.lifeboat.ui.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.ui.backup.FakeBackupEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationViewModelTest {
    @TempDir
    Path home;

    private DestinationViewModel vm() {
        DestinationViewModel vm = new DestinationViewModel(new ProfileStore(home.resolve("config")), home);
        vm.open(FakeBackupEngine.stack(), "root@srv-a");
        return vm;
    }

    @Test
    void theFormIsTheConnectPagesAndItsProblemComesFirst() {
        DestinationViewModel vm = vm();
        assertEquals(
                "Enter the server's host name, address or ~/.ssh/config alias.",
                vm.problemProperty().get());
        assertFalse(vm.canConnectProperty().get());
        vm.form().hostProperty().set("srv-b");
        vm.form().userProperty().set("root");
        vm.form().authProperty().set(AuthMethod.AGENT);
        assertEquals("", vm.problemProperty().get());
        assertTrue(vm.canConnectProperty().get());
        assertNull(vm.siteUrlOrNull(), "no URL: the settings stay");
    }

    @Test
    void theServerTheApplicationRunsOnIsNotANewOne() {
        DestinationViewModel vm = vm();
        vm.form().userProperty().set("admin");
        vm.form().authProperty().set(AuthMethod.AGENT);
        vm.form().hostProperty().set("SRV-A");
        assertTrue(vm.problemProperty().get().startsWith("That is the server Papermerge runs on now (root@srv-a)"));
        assertTrue(DestinationViewModel.sameServer("srv-a", "root@srv-a:2222"));
        assertFalse(DestinationViewModel.sameServer("srv-b", "root@srv-a"));
    }

    @Test
    void aSiteUrlMustBeAPlainHttpUrl() {
        DestinationViewModel vm = vm();
        vm.form().hostProperty().set("srv-b");
        vm.form().userProperty().set("root");
        vm.form().authProperty().set(AuthMethod.AGENT);
        vm.siteUrlProperty().set("docs.example.org");
        assertFalse(vm.canConnectProperty().get());
        assertTrue(vm.problemProperty().get().startsWith("The site URL starts with https://"));
        vm.siteUrlProperty().set(" https://docs.example.org ");
        assertTrue(vm.canConnectProperty().get());
        assertEquals("https://docs.example.org", vm.siteUrlOrNull());
    }
}
