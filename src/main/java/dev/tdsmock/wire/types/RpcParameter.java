package dev.tdsmock.wire.types;

/**
 * One parameter of an RPC request, decoded (MS-TDS 2.2.6.6 ParameterData).
 *
 * @param invalid why a well-framed value is not a valid instance of its type, or null when it is valid; its
 *                {@code value} is then null
 */
public record RpcParameter(String name, int statusFlags, SqlType type, Object value, Invalid invalid) {
    /**
     * What is wrong with a value: SQL Server answers error 8016 for a bad length and 8023 for any other invalid value;
     * a parameter of a type this server reads past but does not take (a table-valued parameter, a CLR user-defined
     * type) is answered with error 50000 naming the type.
     *
     * @param tdsType     the type byte of its TYPE_INFO (MS-TDS 2.2.5.4)
     * @param badLength   the value's length cannot belong to the type (UTF-16 of an odd number of bytes)
     * @param reason      in words, for the log
     * @param unsupported the parameter's type in words ("table-valued parameter of type dbo.Ids") when the value is
     *                    framed right but of a type this server does not take, else null
     */
    public record Invalid(int tdsType, boolean badLength, String reason, String unsupported) {
        /** A value that is no valid instance of its type. */
        public Invalid(int tdsType, boolean badLength, String reason) {
            this(tdsType, badLength, reason, null);
        }

        /** A value framed right, of a type this server reads past but does not take. */
        static Invalid unsupported(int tdsType, String typeInWords) {
            return new Invalid(tdsType, false, "parameters of type " + typeInWords + " are not taken", typeInWords);
        }
    }

    /** A valid parameter. */
    public RpcParameter(String name, int statusFlags, SqlType type, Object value) {
        this(name, statusFlags, type, value, null);
    }

    public boolean isOutput() {
        return (statusFlags & 0x01) != 0;
    }
}
