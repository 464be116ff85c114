package io.modelhost.accounts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.modelhost.TestClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The application of {@link io.modelhost.HttpTests} with sign-up by invitation only and a
 * {@link TestClock}: the test classes that carry it share one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = "modelhost.accounts.registration=invite")
@Import(TestClock.Configuration.class)
public @interface InviteOnly {

}
