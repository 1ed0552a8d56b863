package io.leakresponder.dashboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a form posted before there is a session (sign-in, first set-up): {@link CsrfFilter} checks it against the
 * double-submit cookie instead of the session's token. The mark sits on the method, so every path that reaches it
 * (a trailing slash, say) is checked the same way.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface SignInForm {
}
