package io.leakresponder.incident;

import io.leakresponder.common.ProblemException;

/** An action that the incident's current state does not allow; answered as 409. */
public class IllegalTransitionException extends ProblemException {

    public IllegalTransitionException(IncidentState from, String action, String why) {
        super(409, "illegal-transition", "Illegal transition",
                "cannot " + action + " an incident that is " + from + (why == null ? "" : ": " + why));
        with("state", from.name());
        with("action", action);
    }
}
