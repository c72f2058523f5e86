package dev.tdsmock.sql;

import dev.tdsmock.wire.types.ValueMismatchException;
import java.util.Locale;

/**
 * The errors SQL Server raises for requests this server cannot answer with rows, with SQL Server's own numbers,
 * severities and texts (the message texts of sys.messages, "Database engine events and errors" in the SQL Server
 * documentation). Every text is bounded: quoted user text is cut to {@link #QUOTED_LENGTH} characters.
 */
public final class ErrorReplies {
    /** The longest identifier SQL Server accepts (sysname is nvarchar(128)). */
    public static final int MAX_IDENTIFIER_LENGTH = 128;
    /** The most expressions a SELECT list may hold ("Maximum capacity specifications for SQL Server"). */
    public static final int MAX_SELECT_ITEMS = 4096;
    static final int QUOTED_LENGTH = 128;
    private static final int LONGEST_REASON = 1000;
    private static final int USER_ERROR = 15;
    private static final int STATEMENT_ERROR = 16;

    private ErrorReplies() {
    }

    /** 103: "The identifier that starts with '...' is too long. Maximum length is 128." (level 15, state 4). */
    public static ErrorReply identifierTooLong(String identifier) {
        return new ErrorReply(103, 4, USER_ERROR, "The identifier that starts with '"
                + identifier.substring(0, Math.min(identifier.length(), MAX_IDENTIFIER_LENGTH))
                + "' is too long. Maximum length is " + MAX_IDENTIFIER_LENGTH + ".");
    }

    /** 1056: a SELECT list of more than 4096 expressions (level 15, state 1). */
    public static ErrorReply tooManySelectItems() {
        return new ErrorReply(1056, 1, USER_ERROR, "The number of elements in the select list exceeds the maximum"
                + " allowed number of " + MAX_SELECT_ITEMS + " elements.");
    }

    /** 168: a float constant beyond the range of float (level 15, state 1); the constant is quoted cut short. */
    public static ErrorReply floatOutOfRange(CharSequence literal) {
        return new ErrorReply(168, 1, USER_ERROR, "The floating point value '" + quoted(literal)
                + "' is out of the range of computer representation (8 bytes).");
    }

    /** 8115: "Arithmetic overflow error converting expression to data type ..." (level 16, state 2). */
    public static ErrorReply arithmeticOverflow(String typeName) {
        return new ErrorReply(8115, 2, STATEMENT_ERROR,
                "Arithmetic overflow error converting expression to data type " + typeName + ".");
    }

    /**
     * 8023: an RPC parameter whose value is no valid instance of its type (level 16); {@code ordinal} counts the
     * call's parameters from 1.
     */
    public static ErrorReply invalidParameterValue(int ordinal, String name, String typeName) {
        return new ErrorReply(8023, 1, STATEMENT_ERROR, rpcStreamIncorrect(ordinal, name)
                + "The supplied value is not a valid instance of data type " + typeName
                + ". Check the source data for invalid values. An example of an invalid value is data of numeric type"
                + " with scale greater than precision.");
    }

    /** 8016: an RPC parameter whose value has a length its type cannot have (level 16). */
    public static ErrorReply invalidParameterLength(int ordinal, String name, int tdsType) {
        return new ErrorReply(8016, 1, STATEMENT_ERROR, rpcStreamIncorrect(ordinal, name)
                + String.format(Locale.ROOT, "Data type 0x%02X has an invalid data length or metadata length.",
                tdsType));
    }

    /**
     * 50000 (level 16, state 1): an RPC parameter framed right, of a type tds-mock reads past but does not take, e.g.
     * "tds-mock cannot answer this request: parameter 3 ("@list") is a table-valued parameter of type dbo.Ids, which
     * tds-mock does not take." SQL Server would check the type against its catalog, which tds-mock has not got.
     */
    public static ErrorReply unsupportedParameter(int ordinal, String name, String typeInWords) {
        return new ErrorReply(50000, 1, STATEMENT_ERROR, "tds-mock cannot answer this request: parameter " + ordinal
                + " (\"" + quoted(name) + "\") is " + article(typeInWords) + " " + quoted(typeInWords)
                + ", which tds-mock does not take.");
    }

    private static String article(String words) {
        return words.isEmpty() || "aeiou".indexOf(Character.toLowerCase(words.charAt(0))) < 0 ? "a" : "an";
    }

    /** 214: "Procedure expects parameter '@stmt' of type 'ntext/nchar/nvarchar'." (level 16, state 1). */
    public static ErrorReply procedureExpects(String parameter, String typeNames) {
        return new ErrorReply(214, 1, STATEMENT_ERROR, "Procedure expects parameter '" + quoted(parameter)
                + "' of type '" + typeNames + "'.");
    }

    /**
     * The reply a {@link SqlError} carries; 8115 for a number that overflows its column's type
     * ({@link ValueMismatchException#overflow()}); for any other exception,
     * 50000 (the number SQL Server gives an error raised with a message text) for anything else that went wrong
     * while answering: the mock's own limits, or a scripted answer whose values do not fit its columns. Level 16.
     */
    public static ErrorReply unanswerable(Throwable cause) {
        if (cause instanceof SqlError error) {
            return error.reply();
        }
        if (cause instanceof ValueMismatchException mismatch && mismatch.overflow()) {
            return arithmeticOverflow(mismatch.typeName());
        }
        String reason = String.valueOf(cause.getMessage());
        if (reason.length() > LONGEST_REASON) {
            reason = reason.substring(0, LONGEST_REASON) + "...";
        }
        return new ErrorReply(50000, 1, STATEMENT_ERROR, "tds-mock cannot answer this request: " + reason);
    }

    private static String rpcStreamIncorrect(int ordinal, String name) {
        return "The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect. "
                + "Parameter " + ordinal + " (\"" + quoted(name) + "\"): ";
    }

    private static String quoted(CharSequence text) {
        return text.length() > QUOTED_LENGTH ? text.subSequence(0, QUOTED_LENGTH) + "..." : text.toString();
    }
}
