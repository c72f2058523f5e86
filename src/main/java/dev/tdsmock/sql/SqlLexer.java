package dev.tdsmock.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts T-SQL text into tokens in one pass from left to right: every method moves an index forwards only, so the work
 * is linear in the length of the text (each character is read a bounded number of times, at most twice). Blanks and
 * comments ({@code -- to the end of the line}, and {@code /* ... *}{@code /}, which nest in T-SQL) separate tokens and
 * are not tokens themselves. Quoted text ({@code '...'} with {@code ''}, {@code [...]} with {@code ]]},
 * {@code "..."} with {@code ""}) that is not closed runs to the end of the text. Source: "Lexical conventions" and
 * "Database identifiers" in the Transact-SQL reference.
 */
final class SqlLexer {
    enum Kind {
        /** A keyword, regular identifier, {@code @variable} or {@code @@function}. */
        WORD,
        /** Digits with an optional decimal point and exponent: 1, 1.5, .5, 1e10, 2.5E-3. */
        NUMBER,
        /** {@code 0x1F}: a binary constant, varbinary. */
        BINARY,
        /** {@code 'text'}: varchar. */
        STRING,
        /** {@code N'text'}: nvarchar. */
        NSTRING,
        /** A delimited identifier: {@code [name]} or {@code "name"}. */
        QUOTED_NAME,
        /** Any other single character: , ( ) = + - ; . */
        SYMBOL
    }

    /** A token: its kind and where it lies in the text, {@code start} inclusive and {@code end} exclusive. */
    record Token(Kind kind, int start, int end) {
        String text(CharSequence source) {
            return source.subSequence(start, end).toString();
        }

        boolean isSymbol(CharSequence source, char symbol) {
            return kind == Kind.SYMBOL && source.charAt(start) == symbol;
        }

        /** A WORD that equals {@code upperCaseWord}, ignoring case. */
        boolean isWord(CharSequence source, String upperCaseWord) {
            if (kind != Kind.WORD || end - start != upperCaseWord.length()) {
                return false;
            }
            for (int i = 0; i < upperCaseWord.length(); i++) {
                if (Character.toUpperCase(source.charAt(start + i)) != upperCaseWord.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private SqlLexer() {
    }

    /** Every token of {@code text}, in order. */
    static List<Token> tokens(CharSequence text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = skipBlanksAndComments(text, 0);
        while (i < n) {
            Token token = tokenAt(text, i);
            tokens.add(token);
            i = skipBlanksAndComments(text, token.end());
        }
        return tokens;
    }

    /**
     * The first {@code limit} tokens of {@code text} (fewer when it has fewer); reads no further than the last of
     * them.
     */
    static List<Token> firstTokens(CharSequence text, int limit) {
        List<Token> tokens = new ArrayList<>(limit);
        int i = skipBlanksAndComments(text, 0);
        while (i < text.length() && tokens.size() < limit) {
            Token token = tokenAt(text, i);
            tokens.add(token);
            i = skipBlanksAndComments(text, token.end());
        }
        return tokens;
    }

    private static Token tokenAt(CharSequence text, int start) {
        int n = text.length();
        char c = text.charAt(start);
        if (c == '\'') {
            return new Token(Kind.STRING, start, endOfQuoted(text, start));
        }
        if ((c == 'N' || c == 'n') && start + 1 < n && text.charAt(start + 1) == '\'') {
            return new Token(Kind.NSTRING, start, endOfQuoted(text, start + 1));
        }
        if (c == '[' || c == '"') {
            return new Token(Kind.QUOTED_NAME, start, endOfQuoted(text, start));
        }
        if (c == '0' && start + 1 < n && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            int end = start + 2;
            while (end < n && Character.digit(text.charAt(end), 16) >= 0) {
                end++;
            }
            return new Token(Kind.BINARY, start, end);
        }
        if (isDigit(c) || (c == '.' && start + 1 < n && isDigit(text.charAt(start + 1)))) {
            return new Token(Kind.NUMBER, start, endOfNumber(text, start));
        }
        if (startsWord(c)) {
            int end = start + 1;
            while (end < n && continuesWord(text.charAt(end))) {
                end++;
            }
            return new Token(Kind.WORD, start, end);
        }
        return new Token(Kind.SYMBOL, start, start + 1);
    }

    /** Past the quoted text that starts at {@code start} (a ', " or [), a doubled closing character included. */
    static int endOfQuoted(CharSequence text, int start) {
        char close = text.charAt(start) == '[' ? ']' : text.charAt(start);
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            if (text.charAt(i) == close) {
                if (i + 1 < n && text.charAt(i + 1) == close) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    /** Whether the quoted token starting at {@code start} and ending at {@code end} has its closing character. */
    static boolean closed(CharSequence text, int start, int end) {
        char close = text.charAt(start) == '[' ? ']' : text.charAt(start);
        int i = start + 1;
        while (i < end) {
            if (text.charAt(i) == close) {
                if (i + 1 < end && text.charAt(i + 1) == close) {
                    i += 2;
                    continue;
                }
                return i == end - 1;
            }
            i++;
        }
        return false;
    }

    /** Whether a comment starts at {@code i}. */
    static boolean commentAt(CharSequence text, int i) {
        if (i + 1 >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        char next = text.charAt(i + 1);
        return (c == '-' && next == '-') || (c == '/' && next == '*');
    }

    /**
     * Past the comment that starts at {@code start}: a line comment ends before its line break, so that the break
     * still separates; a block comment ends after the {@code *}{@code /} that closes the outermost one.
     */
    static int endOfComment(CharSequence text, int start) {
        int n = text.length();
        int i = start + 2;
        if (text.charAt(start) == '-') {
            while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            return i;
        }
        int depth = 1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < n && text.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i += 2;
                depth++;
            } else {
                i++;
            }
        }
        return n;
    }

    /** Past the blanks (any Unicode white space) from {@code i}. */
    static int skipBlanks(CharSequence text, int i) {
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipBlanksAndComments(CharSequence text, int i) {
        int at = skipBlanks(text, i);
        while (commentAt(text, at)) {
            at = skipBlanks(text, endOfComment(text, at));
        }
        return at;
    }

    private static int endOfNumber(CharSequence text, int start) {
        int n = text.length();
        int i = digitsFrom(text, start);
        if (i < n && text.charAt(i) == '.') {
            i = digitsFrom(text, i + 1);
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            i = digitsFrom(text, i);
        }
        return i;
    }

    private static int digitsFrom(CharSequence text, int i) {
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A regular identifier starts with a letter, _, @ or # ("Database identifiers"). */
    private static boolean startsWord(char c) {
        return Character.isLetter(c) || c == '_' || c == '@' || c == '#';
    }

    private static boolean continuesWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '#' || c == '$';
    }
}
