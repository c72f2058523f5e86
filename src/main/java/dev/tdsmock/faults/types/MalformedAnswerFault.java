package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code malformed-answer}: the server breaks the protocol in its answer at a step, the way {@code kind} says, then
 * ends the connection the way {@code ending} says (fin by default, so that no client waits for ever for bytes that
 * will not come; rst, or silence to leave the client to its own timeouts). Kinds (MS-TDS 2.2.3.1 packet header,
 * 2.2.4 tokens, 2.2.6.5 PRELOGIN): {@code wrong-packet-type} (the packets say 0x01 SQLBatch instead of 0x04),
 * {@code no-eom} (no packet has the end-of-message bit), {@code truncated} (half of the message, marked complete),
 * {@code bad-length} (the first packet's header claims 64 bytes more than it carries), {@code unknown-token} (a
 * token type TDS does not define, 0x01, first), {@code empty-prelogin} and {@code prelogin-without-terminator}
 * (at prelogin: an answer with no option at all, or options without their 0xFF terminator).
 */
public final class MalformedAnswerFault implements FaultType {
    private static final Class<Effect.Malformed.Kind> KINDS = Effect.Malformed.Kind.class;

    @Override
    public String name() {
        return "malformed-answer";
    }

    @Override
    public Set<String> keys() {
        return Set.of("kind", "ending");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.of(Step.PRELOGIN, Step.LOGIN, Step.REQUEST, Step.ATTENTION);
    }

    @Override
    public Fault create(Config settings, Step step) {
        if (!settings.hasPath("kind")) {
            throw new IllegalArgumentException("'kind' is missing: one of " + kinds());
        }
        Effect.Malformed.Kind kind = null;
        for (Effect.Malformed.Kind each : KINDS.getEnumConstants()) {
            if (each.key().equals(settings.getString("kind"))) {
                kind = each;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("'kind' '" + settings.getString("kind") + "' is none of " + kinds());
        }
        if ((kind == Effect.Malformed.Kind.EMPTY_PRELOGIN || kind == Effect.Malformed.Kind.PRELOGIN_WITHOUT_TERMINATOR) && step != Step.PRELOGIN) {
            throw new IllegalArgumentException("'kind' " + kind.key() + " is for at = prelogin");
        }
        String name = settings.hasPath("ending") ? settings.getString("ending") : "fin";
        Ending.Kind ending = switch (name) {
            case "fin" -> Ending.Kind.FIN;
            case "rst" -> Ending.Kind.RST;
            case "silence" -> Ending.Kind.SILENCE;
            default -> throw new IllegalArgumentException("'ending' '" + name + "' is none of fin, rst, silence");
        };
        Effect effect = new Effect.Malformed(kind, ending);
        return arrival -> effect;
    }

    private static String kinds() {
        return String.join(", ", EnumSet.allOf(KINDS).stream().map(Effect.Malformed.Kind::key).toList());
    }
}
