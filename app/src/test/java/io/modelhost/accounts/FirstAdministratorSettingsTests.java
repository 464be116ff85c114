package io.modelhost.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The first administrator's settings: a password or a password file, never both. */
class FirstAdministratorSettingsTests {

	@TempDir
	Path dir;

	@Test
	void readsThePasswordFromAFileTrimmed() throws IOException {
		Path file = Files.writeString(this.dir.resolve("admin-password"), "  a password from a file\n");
		var admin = new AccountsProperties.Admin("root", "root@example.com", null, file);
		assertThat(admin.secret().value()).isEqualTo("a password from a file");
		assertThat(admin.toString()).doesNotContain("a password from a file");
	}

	@Test
	void refusesBothAPasswordAndAFile() throws IOException {
		Path file = Files.writeString(this.dir.resolve("admin-password"), "a password from a file");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccountsProperties.Admin("root", "root@example.com",
					new AccountsProperties.Secret("a password in the settings"), file))
			.withMessageContaining("not both");
	}

	@Test
	void refusesAShortPasswordFromAFile() throws IOException {
		Path file = Files.writeString(this.dir.resolve("admin-password"), "short   \n");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccountsProperties.Admin("root", "root@example.com", null, file))
			.withMessageContaining("at least 12 characters")
			.withMessageContaining(file.toString());
	}

	@Test
	void refusesAMissingFileAndAMissingPassword() {
		Path missing = this.dir.resolve("absent");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccountsProperties.Admin("root", "root@example.com", null, missing))
			.withMessageContaining("cannot read modelhost.accounts.admin.password-file");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccountsProperties.Admin("root", "root@example.com", null, null))
			.withMessageContaining("is required");
	}

}
