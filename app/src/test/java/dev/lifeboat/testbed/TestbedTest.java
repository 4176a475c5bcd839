package dev.lifeboat.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test ({@code *IT}) that runs against the testbed: the testbed is brought up once per test
 * run (see {@link TestbedExtension}) and a {@link Testbed} parameter is injected where asked for.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestbedExtension.class)
public @interface TestbedTest {}
