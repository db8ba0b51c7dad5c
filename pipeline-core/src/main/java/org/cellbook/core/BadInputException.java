package org.cellbook.core;

import java.nio.file.Path;

/**
 * Input that cannot be used as given: a missing, truncated or malformed file, a bad parameter.
 * The message always names the file (and line, when there is one) or the parameter, says what
 * is wrong and what to do. The CLI maps it to exit code 2.
 */
public class BadInputException extends RuntimeException {
    private final String where;

    public BadInputException(String where, String problem, String whatToDo) {
        this(where, problem, whatToDo, null);
    }

    public BadInputException(String where, String problem, String whatToDo, Throwable cause) {
        super(where + ": " + problem + (whatToDo == null || whatToDo.isEmpty() ? "" : ". " + whatToDo), cause);
        this.where = where;
    }

    /** A file with no particular line. */
    public static BadInputException file(Path file, String problem, String whatToDo) {
        return new BadInputException(file.toString(), problem, whatToDo);
    }

    /** A line (1-based) of a text file. */
    public static BadInputException line(Path file, long line, String problem, String whatToDo) {
        return new BadInputException(file + ":" + line, problem, whatToDo);
    }

    /** A parameter or configuration key. */
    public static BadInputException parameter(String name, String problem, String whatToDo) {
        return new BadInputException("parameter '" + name + "'", problem, whatToDo);
    }

    /** Where the problem is: "file", "file:line" or "parameter 'x'". */
    public String where() {
        return where;
    }
}
